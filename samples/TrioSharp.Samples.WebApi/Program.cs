using TrioSharp.Samples.WebApi;

await SampleApp.Build(args).RunAsync();
