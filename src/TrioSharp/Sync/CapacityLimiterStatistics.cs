namespace TrioSharp;

/// <summary>A snapshot of a <see cref="CapacityLimiter"/>.</summary>
/// <param name="BorrowedTokens">Tokens held now.</param>
/// <param name="TotalTokens">The limit.</param>
/// <param name="Borrowers">Who holds the tokens: tasks (shown as <c>task 'name' (#id)</c>) or the objects acquired on behalf of.</param>
/// <param name="TasksWaiting">Tasks blocked in an acquire.</param>
public readonly record struct CapacityLimiterStatistics(
    int BorrowedTokens,
    int TotalTokens,
    IReadOnlyList<object> Borrowers,
    int TasksWaiting);
