using Bandit.Replay;

return await ReplayApp.RunAsync(args, Console.Out, Console.Error);
