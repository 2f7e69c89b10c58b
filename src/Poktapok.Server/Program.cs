using Poktapok.Server.Cli;

return await PoktapokCli.RunAsync(args);
