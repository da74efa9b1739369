using System.Diagnostics;

namespace TrioSharp;

/// <summary>
/// A doubly linked list threaded through a <see cref="ListLinks{TNode}"/> field of its nodes: adding and removing
/// take O(1) and allocate nothing. A node is in at most one list per field.
/// </summary>
/// <remarks>A mutable struct: keep it in a field (not readonly) and call it there, never through a copy.</remarks>
/// <typeparam name="TNode">The node type.</typeparam>
/// <typeparam name="TField">Which of the node's link fields this list uses.</typeparam>
internal struct IntrusiveList<TNode, TField>
    where TNode : class
    where TField : ILinkField<TNode>
{
    private TNode? _head;
    private TNode? _tail;

    /// <summary>The node at the head, or null when empty.</summary>
    internal readonly TNode? First => _head;

    /// <summary>The node at the tail, or null when empty.</summary>
    internal readonly TNode? Last => _tail;

    /// <summary>How many nodes are in the list.</summary>
    internal int Count { readonly get; private set; }

    /// <summary>The node after <paramref name="node"/> in its list, or null.</summary>
    internal static TNode? Next(TNode node) => TField.Of(node).Next;

    /// <summary>Puts <paramref name="node"/> at the head.</summary>
    internal void AddFirst(TNode node)
    {
        ref var links = ref TField.Of(node);
        links.Prev = null;
        links.Next = _head;
        if (_head is null)
        {
            _tail = node;
        }
        else
        {
            TField.Of(_head).Prev = node;
        }

        _head = node;
        Count++;
    }

    /// <summary>Puts <paramref name="node"/> at the tail.</summary>
    internal void AddLast(TNode node)
    {
        ref var links = ref TField.Of(node);
        links.Next = null;
        links.Prev = _tail;
        if (_tail is null)
        {
            _head = node;
        }
        else
        {
            TField.Of(_tail).Next = node;
        }

        _tail = node;
        Count++;
    }

    /// <summary>Takes <paramref name="node"/> out; a node that is not in the list is left alone.</summary>
    internal void Remove(TNode node)
    {
        ref var links = ref TField.Of(node);
        if (links.Prev is null)
        {
            if (!ReferenceEquals(_head, node))
            {
                return;
            }

            _head = links.Next;
        }
        else
        {
            CheckMember(node);
            TField.Of(links.Prev).Next = links.Next;
        }

        if (links.Next is null)
        {
            _tail = links.Prev;
        }
        else
        {
            TField.Of(links.Next).Prev = links.Prev;
        }

        links = default;
        Count--;
        InvariantViolation.Check(Count >= 0 && (Count == 0) == (_head is null) && (_head is null) == (_tail is null), "an intrusive list's count disagrees with its ends.");
    }

    /// <summary>Checks that a linked <paramref name="node"/> belongs to this list: walking back from it reaches this list's head.</summary>
    [Conditional("DEBUG")]
    private readonly void CheckMember(TNode node)
    {
        var first = node;
        while (TField.Of(first).Prev is { } previous)
        {
            first = previous;
        }

        InvariantViolation.Check(ReferenceEquals(first, _head), "a node was removed from an intrusive list it does not belong to.");
    }
}
