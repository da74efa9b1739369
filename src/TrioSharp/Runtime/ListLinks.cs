namespace TrioSharp;

/// <summary>A node's neighbours in one <see cref="IntrusiveList{TNode, TField}"/>; a node holds one per list it can be in.</summary>
/// <typeparam name="TNode">The node type.</typeparam>
internal struct ListLinks<TNode>
    where TNode : class
{
    /// <summary>The node before, or null at the head.</summary>
    internal TNode? Prev;

    /// <summary>The node after, or null at the tail.</summary>
    internal TNode? Next;
}
