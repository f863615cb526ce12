/* The Izhikevich workload of `neurofit bench simulate`, hand-written in C: the yardstick the generated kernels are
   compared with. Explicit Euler; neuron i of n gets I = 20*i/(n-1); v0 = -65, u0 = -13; spike v >= 30 -> v = -65,
   u += 8. Step-major over arrays, the reset written as selects so that gcc -O3 vectorises the neuron loop.
   The bench compiles it with -O3 -march=native -ffp-contract=off -fno-trapping-math: no fused multiply-adds, so it
   computes exactly what the C# scalar loop and the generated kernel compute (the spike totals must agree).
   Usage: izhikevich N STEPS DT REPEATS. Prints "neuron_steps_per_s X" (best of REPEATS runs) and "spikes S". */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static long run(int n, long steps, double dt, double *restrict v, double *restrict u, const double *restrict current)
{
    const double a = 0.02, b = 0.2, c = -65.0, d = 8.0;
    long spikes = 0;
    for (int i = 0; i < n; i++) { v[i] = -65.0; u[i] = b * -65.0; }
    for (long s = 0; s < steps; s++)
    {
        long count = 0;
        for (int i = 0; i < n; i++)
        {
            double vi = v[i], ui = u[i];
            double nv = vi + dt * (0.04 * (vi * vi) + 5.0 * vi + 140.0 - ui + current[i]);
            double nu = ui + dt * (a * (b * vi - ui));
            int spike = nv >= 30.0;
            v[i] = spike ? c : nv;
            u[i] = spike ? nu + d : nu;
            count += spike;
        }
        spikes += count;
    }
    return spikes;
}

int main(int argc, char **argv)
{
    if (argc != 5) { fprintf(stderr, "usage: %s N STEPS DT REPEATS\n", argv[0]); return 2; }
    int n = atoi(argv[1]);
    long steps = atol(argv[2]);
    double dt = atof(argv[3]);
    int repeats = atoi(argv[4]);
    if (n < 1 || steps < 1 || !(dt > 0) || repeats < 1) { fprintf(stderr, "bad arguments\n"); return 2; }
    double *v = malloc(sizeof(double) * n), *u = malloc(sizeof(double) * n), *current = malloc(sizeof(double) * n);
    if (!v || !u || !current) { fprintf(stderr, "out of memory\n"); return 1; }
    for (int i = 0; i < n; i++) current[i] = n == 1 ? 0.0 : 20.0 * i / (n - 1);
    double best = 1e300;
    long spikes = 0;
    for (int r = 0; r < repeats; r++)
    {
        double t0 = now();
        spikes = run(n, steps, dt, v, u, current);
        double t = now() - t0;
        if (t < best) best = t;
    }
    printf("neuron_steps_per_s %.6e\nspikes %ld\n", (double)n * steps / best, spikes);
    free(v);
    free(u);
    free(current);
    return 0;
}
