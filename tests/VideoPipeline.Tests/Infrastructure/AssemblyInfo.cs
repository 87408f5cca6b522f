// The specs share one Postgres cluster and two CPU cores; running collections one after the other keeps
// ffmpeg from oversubscribing the machine and the hosts from competing for the same queue tables.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
