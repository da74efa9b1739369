using TrioSharp.Samples.Worker;

await WorkerApp.CreateBuilder(args).Build().RunAsync();
