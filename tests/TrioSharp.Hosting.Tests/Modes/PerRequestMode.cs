using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace TrioSharp.Hosting.Tests.Modes;

/// <summary>Each request runs its own loop with <see cref="Trio.RunAsync{T}"/>, cancelled by <c>RequestAborted</c>.</summary>
public sealed class PerRequestMode : IHostingMode
{
    public void AddServices(IServiceCollection services)
    {
    }

    public Task<T> RunAsync<T>(HttpContext context, Func<Task<T>> work) =>
        Trio.RunAsync(work, new TrioRunOptions { Cancellation = context.RequestAborted });
}
