using Poktapok.Bench;

return args switch
{
    ["live", .. var rest] => await LiveQueryBenchmark.RunAsync(rest),
    ["import", .. var rest] => await ImportBenchmark.RunAsync(rest),
    ["queries", .. var rest] => await QueriesBenchmark.RunAsync(rest),
    [SubscriberProcess.Verb, .. var rest] => await SubscriberProcess.RunChildAsync(rest),
    _ => await HttpApiBenchmark.RunAsync(args),
};
