using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace TrioSharp.Hosting.Tests.Modes;

/// <summary>Every request submits its work to the host's one loop (<c>services.AddTrio()</c>).</summary>
public sealed class SharedLoopMode : IHostingMode
{
    public void AddServices(IServiceCollection services) => services.AddTrio();

    public Task<T> RunAsync<T>(HttpContext context, Func<Task<T>> work) =>
        context.RequestServices.GetRequiredService<TrioLoop>().RunAsync(work, context.RequestAborted);
}
