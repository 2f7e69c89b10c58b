using Poktapok.Bench;

return await HttpApiBenchmark.RunAsync(args);
