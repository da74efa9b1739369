using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace TrioSharp.Hosting.Tests.Modes;

/// <summary>How a request handler runs its TrioSharp work: one loop per request, or the host's shared loop.</summary>
public interface IHostingMode
{
    /// <summary>Registers what the mode needs.</summary>
    void AddServices(IServiceCollection services);

    /// <summary>Runs <paramref name="work"/> for the request, cancelled when the client disconnects.</summary>
    Task<T> RunAsync<T>(HttpContext context, Func<Task<T>> work);
}
