namespace TrioSharp.Cli.Seeds;

/// <summary>Task 1b: fetch five users concurrently; odd ids fail, and every outcome is kept.</summary>
internal static class Task1b
{
    public static async Task RunAsync(TextWriter output)
    {
        int[] userIds = [1, 2, 3, 4, 5];
        var results = await GetUserData(userIds);
        output.WriteLine("Results:");
        foreach (var (userId, result) in results)
        {
            output.WriteLine($"User {userId}: {result}");
        }
    }

    /// <summary>Simulates a lookup: even ids exist, odd ids do not. Larger ids answer sooner.</summary>
    private static async Task<(int Id, string Username)> GetUserId(int userId)
    {
        await Trio.Sleep(0.5 / userId);
        if (userId % 2 == 1)
        {
            throw new KeyNotFoundException($"User {userId} not found");
        }

        return (userId, $"User {userId}");
    }

    /// <summary>Fetches every user concurrently; results are stored in completion order, as printed dicts.</summary>
    private static async Task<List<(int UserId, string Result)>> GetUserData(IEnumerable<int> userIds)
    {
        var results = new List<(int, string)>();

        async Task FetchAndStore(int userId)
        {
            try
            {
                var user = await GetUserId(userId);
                results.Add((userId, $"{{'status': 'success', 'data': {{'id': {user.Id}, 'username': '{user.Username}'}}}}"));
            }
            catch (KeyNotFoundException e)
            {
                results.Add((userId, $"{{'status': 'error', 'error': '{e.Message}'}}"));
            }
        }

        await Nursery.RunAsync(nursery =>
        {
            foreach (var userId in userIds)
            {
                nursery.StartSoon(() => FetchAndStore(userId), $"_fetch_and_store({userId})");
            }

            return Task.CompletedTask;
        });
        return results;
    }
}
