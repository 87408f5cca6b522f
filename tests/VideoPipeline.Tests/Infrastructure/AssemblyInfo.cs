// Collections run two at a time, one per core: each has a host and a database of its own, and most of a spec's time is
// spent waiting (on Postgres, the queue, a browser), so two overlap well; a host transcodes one video at a time, so two
// collections never run more than two ffmpeg ladders at once.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
