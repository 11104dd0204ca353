using Bandit.Trainer;

// dotnet run --project Trainer -- --help
return await TrainerApp.RunAsync(args, Console.Out, Console.Error);
