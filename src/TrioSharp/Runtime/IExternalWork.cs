namespace TrioSharp;

/// <summary>Work that another thread (or a callback outside any task) submits to a loop through its <see cref="TrioToken"/>.</summary>
internal interface IExternalWork
{
    /// <summary>Runs the work on the loop's thread, outside any task; must not throw.</summary>
    void Run(Runner runner);

    /// <summary>Tells the submitter that the work will never run (the run finished first).</summary>
    void Refuse(Exception reason);
}
