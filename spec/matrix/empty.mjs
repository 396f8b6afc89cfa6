// An empty program: the baseline that spec/matrix/exit-latency.mjs subtracts (process start and exit).
