using TrioSharp.Hosting;

namespace TrioSharp.Samples.WebApi;

/// <summary>Builds the sample's web app: its services and its three TrioSharp endpoints.</summary>
internal static class SampleApp
{
    /// <summary>Builds the app from command-line arguments (e.g. <c>--urls http://127.0.0.1:0</c>, <c>--Quotes:DeadlineMs 300</c>).</summary>
    internal static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // One loop for the whole host, so the limiter below is shared by every request that submits work to it.
        builder.Services.AddTrio(options => options.GracePeriod = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(new CapacityLimiter(builder.Configuration.GetValue("Digests:MaxConcurrency", 2)));
        builder.Services.AddHttpClient();
        builder.Services.Configure<QuoteOptions>(builder.Configuration.GetSection("Quotes"));

        var app = builder.Build();
        QuoteEndpoints.Map(app);
        DigestEndpoints.Map(app);
        TickEndpoints.Map(app);
        return app;
    }
}
