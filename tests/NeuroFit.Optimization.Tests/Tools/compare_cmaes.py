"""Evaluations until best f < 1e-8 for the cmaes library (Debian python3-cmaes), 10-D, unbounded, default popsize,
5 seeds — the reference of the C# `cma` bench command. Usage: python3 compare_cmaes.py"""
import numpy as np
from cmaes import CMA


def run(f, mean, sigma, seed, limit=50000):
    opt = CMA(mean=np.array(mean, dtype=float), sigma=sigma, seed=seed)
    evals = 0
    while evals < limit:
        sols = []
        for _ in range(opt.population_size):
            x = opt.ask()
            fx = f(x)
            evals += 1
            if fx < 1e-8:
                return evals
            sols.append((x, fx))
        opt.tell(sols)
    return limit


sphere = lambda x: float(np.sum(x * x))
rosen = lambda x: float(np.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))
s = [run(sphere, [3.0] * 10, 2.0, seed) for seed in range(5)]
r = [run(rosen, [0.0] * 10, 0.5, seed) for seed in range(5)]
print("cmaes-library sphere evals", *s, "median", sorted(s)[2])
print("cmaes-library rosenbrock evals", *r, "median", sorted(r)[2])
