namespace TrioSharp;

/// <summary>
/// Names the <see cref="ListLinks{TNode}"/> field an <see cref="IntrusiveList{TNode, TField}"/> threads through. The
/// accessor is static, so the list's code is specialised for the field and calls no delegate on the hot paths.
/// </summary>
/// <typeparam name="TNode">The node type.</typeparam>
internal interface ILinkField<TNode>
    where TNode : class
{
    /// <summary>The links of <paramref name="node"/> for this list.</summary>
    static abstract ref ListLinks<TNode> Of(TNode node);
}
