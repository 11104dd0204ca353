using Microsoft.Extensions.Configuration;
using Aspire.Hosting;
using Bandit.Contracts;

var builder = DistributedApplication.CreateBuilder(args);

// The arms: one variant resource per arm, each serving one alias of movielens_ctr_ab
Arm[] arms =
[
    new(ResourceNames.VariantA, RegistryNames.PolicyA, 8101),
    new(ResourceNames.VariantB, RegistryNames.PolicyB, 8102),
    new(ResourceNames.VariantC, RegistryNames.PolicyC, 8103),
];

// Infrastructure: container, local executable or bundled form, by what this machine has (Infrastructure:*)
var infrastructure = InfrastructureChoice.Read(builder);
var redis = builder.AddBanditRedis(infrastructure.Redis);
var mlflow = builder.AddBanditMlflow(infrastructure.Mlflow);
infrastructure.Announce(builder);
var adminKey = builder.AddParameter("router-admin-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

// Trainer: trains, evaluates and registers the policies and the router config over these arms, then exits
var trainer = builder.AddBanditProject<Projects.Bandit_Trainer>(ResourceNames.Trainer)
    .WithArgs(builder.TrainerArgs(arms))
    .WithMlflow(mlflow);

// Variants: the same project once per arm, each started when the Trainer has finished
var variants = arms.Select(arm => builder.AddVariant(arm, mlflow, trainer)).ToArray();

// Router: stateless replicas sharing the bandit state in Redis
var router = builder.AddBanditProject<Projects.Bandit_Router>(ResourceNames.Router)
    .WithRedis(redis)
    .WithMlflow(mlflow)
    .WithVariants(variants)
    .WithEnvironment(ConfigurationKeys.EnvironmentVariable(ConfigurationKeys.Router.AdminKey), adminKey)
    .WithEnvironment(ConfigurationKeys.EnvironmentVariable(ConfigurationKeys.Router.OutageLogPath), builder.DataPath("router-outage"))
    .WithHttpHealthCheck("/health")
    .WithReplicas(builder.Configuration.GetValue("Router:Replicas", 2));

// Ui: holds no admin key; an operator signs in with their own and the Ui sends it on to the Router
builder.AddBanditProject<Projects.Bandit_Ui>(ResourceNames.Ui)
    .WithReference(router).WaitFor(router)
    .WithMlflow(mlflow)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.Build().Run();
