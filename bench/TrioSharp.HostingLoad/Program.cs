using TrioSharp.HostingLoad;

// Hosting load run: `dotnet run -c Release --project bench/TrioSharp.HostingLoad [-- ROUNDS]`.
// Starts LoadServer in a child process (real Kestrel on 127.0.0.1) and drives it with LoadDriver: 100 and then 1,000
// concurrent requests, each a nursery of three 200 ms sleeps (or Task.WhenAll of three Task.Delay), per handler.
if (args.Length > 0 && args[0] == "server")
{
    await LoadServer.RunAsync();
    return 0;
}

var rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10;
return await LoadDriver.RunAsync(rounds);
