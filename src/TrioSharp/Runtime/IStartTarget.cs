namespace TrioSharp;

/// <summary>Where <see cref="StartStatus{T}.Started(T)"/> reports: a pending <see cref="Nursery.StartAsync{T}"/>.</summary>
internal interface IStartTarget<in T>
{
    void Started(T value);
}
