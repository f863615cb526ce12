"""Times Optuna's TPESampler per suggestion with N finished trials (same setup as the C# `bench` command:
2 uniform parameters in [-10, 10], sphere losses), so the two can be compared in the same run on the same machine.
Usage: python3 compare_optuna.py N [reps]. Needs Debian's python3-optuna (3.1)."""
import random
import sys
import time

import optuna
from optuna.distributions import FloatDistribution

optuna.logging.set_verbosity(optuna.logging.WARNING)
n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 30
dists = {"x0": FloatDistribution(-10, 10), "x1": FloatDistribution(-10, 10)}
for label, sampler in [("optuna-tpe", optuna.samplers.TPESampler(seed=1)),
                       ("optuna-tpe-multivariate", optuna.samplers.TPESampler(seed=1, multivariate=True))]:
    study = optuna.create_study(sampler=sampler)
    rnd = random.Random(2)
    trials = []
    for _ in range(n):
        p = {k: rnd.uniform(-10, 10) for k in dists}
        trials.append(optuna.trial.create_trial(params=p, distributions=dists, value=sum(v * v for v in p.values())))
    study.add_trials(trials)
    for _ in range(3):
        t = study.ask(dists)
        study.tell(t, 1e9)
    t0 = time.perf_counter()
    c0 = time.process_time()
    for _ in range(reps):
        t = study.ask(dists)
        study.tell(t, 1e9)
    wall = (time.perf_counter() - t0) / reps * 1000
    cpu = (time.process_time() - c0) / reps * 1000
    print(f"{label} optuna={optuna.__version__} trials={n} suggest_ms {wall:.3f} cpu_ms {cpu:.3f}")
