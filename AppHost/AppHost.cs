var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure
var adminKey = builder.AddParameter("router-admin-key", secret: true);

var redis = builder.AddRedis("redis")
    .WithDataVolume();

var mlflow = builder.AddMlflow("mlflow");

// Trainer: trains Policy A and B, registers them and the router config, then exits
var trainer = builder.AddProject<Projects.Bandit_Trainer>("trainer")
    .WithMlflow(mlflow);

// Variants: one project, one resource per arm
var variantA = builder.AddVariant("variant-a", alias: "PolicyA", port: 8101, mlflow, trainer);
var variantB = builder.AddVariant("variant-b", alias: "PolicyB", port: 8102, mlflow, trainer);

// Router: stateless replicas sharing the bandit state in Redis
var router = builder.AddProject<Projects.Bandit_Router>("router")
    .WithReference(redis).WaitFor(redis)
    .WithMlflow(mlflow)
    .WithReference(variantA).WaitFor(variantA)
    .WithReference(variantB).WaitFor(variantB)
    .WithEnvironment("Router__AdminKey", adminKey)
    .WithReplicas(2);

// Ui
builder.AddProject<Projects.Bandit_Ui>("ui")
    .WithReference(router).WaitFor(router)
    .WithMlflow(mlflow)
    .WithEnvironment("Router__AdminKey", adminKey)
    .WithExternalHttpEndpoints();

builder.Build().Run();
