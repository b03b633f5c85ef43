"""The Γ* fit of src/sim/fit/fit.ts ('pcg') in numpy, on a batch `bench/fit.ts` wrote: the reference for the fit's speed.

Same system, same method: (N + σI) Γ = B with N V = Σ_μ x_μ (x_μᵀ V z_μ) z_μᵀ and B = Σ_μ y_μ x_μ z_μᵀ, solved by
conjugate gradients preconditioned by I ⊗ (ZᵀZ/d + σI) to the same relative residual, the true residual
confirmed at the end. The two products are BLAS matrix products: bilinear = rowsum((X V) ∘ Z),
accumulate = Xᵀ (c ∘ Z). Only the solve is timed (the batch is read before the clock starts).

usage: python3 bench/numpyFit.py DIR   (DIR holds meta.json, x.f64, z.f64, y.f64; writes gamma.f64 there)
prints one JSON line: {"seconds", "cpuSeconds", "iterations", "relResidual", "blas"}
"""

import json
import os
import sys
import time

import numpy as np


def blas_name() -> str:
    try:
        cfg = np.show_config(mode="dicts")
        b = cfg["Build Dependencies"]["blas"]
        return f"{b.get('name', '?')} {b.get('version', '')}".strip()
    except Exception:  # older numpy: no dict mode
        return "unknown"


def solve(X, Z, y, d, sigma, tol, max_iter=2000):
    p = d + 1

    def normal(V):
        r = np.einsum("mi,mi->m", X @ V, Z)
        return X.T @ (r[:, None] * Z) + sigma * V

    C = Z.T @ Z / d + sigma * np.eye(p)
    Cinv = np.linalg.inv(C)
    B = X.T @ (y[:, None] * Z)
    b_norm = np.linalg.norm(B)
    U = np.zeros((d, p))
    R = B.copy()
    W = R @ Cinv
    P = W.copy()
    rz = np.vdot(R, W)
    it = 0
    rel = 1.0
    while it < max_iter:
        Q = normal(P)
        step = rz / np.vdot(P, Q)
        U += step * P
        R -= step * Q
        it += 1
        rel = np.linalg.norm(R) / b_norm
        if rel <= tol:
            R = B - normal(U)
            rel = np.linalg.norm(R) / b_norm
            if rel <= tol:
                break
        W = R @ Cinv
        rz_new = np.vdot(R, W)
        P = W + (rz_new / rz) * P
        rz = rz_new
    return U, it, rel


def main(directory: str) -> None:
    meta = json.load(open(os.path.join(directory, "meta.json")))
    n, d = meta["n"], meta["d"]
    X = np.fromfile(os.path.join(directory, "x.f64")).reshape(n, d)
    Z = np.fromfile(os.path.join(directory, "z.f64")).reshape(n, d + 1)
    y = np.fromfile(os.path.join(directory, "y.f64"))
    t0, c0 = time.perf_counter(), time.process_time()
    U, it, rel = solve(X, Z, y, d, meta["sigma"], meta["tol"])
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    U.tofile(os.path.join(directory, "gamma.f64"))
    out = {"seconds": seconds, "cpuSeconds": cpu, "iterations": it, "relResidual": rel, "blas": blas_name()}
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
