namespace TrioSharp;

/// <summary>Something the loop's deadline heap wakes: a sleeping task or a cancel scope's deadline.</summary>
internal interface ITimerTarget
{
    /// <summary>Whether the registration stamped <paramref name="version"/> is still wanted.</summary>
    bool IsArmed(long version);

    /// <summary>Fires the registration; called on the loop thread with the loop's time set to its deadline.</summary>
    void Fire();
}
