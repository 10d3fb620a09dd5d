// Real runs create tools/flash/dotnet-tools.json (nanoff's manifest) and dry runs print what it holds: one run at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
