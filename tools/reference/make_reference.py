#!/usr/bin/env python3
"""Reference values for Granular's numeric tests, computed with numpy and scipy only.

Nothing here imports or imitates Granular's code: each function is the textbook formula, so the
tests compare two independent implementations. The inputs are drawn from a seeded numpy
generator, so running the script again writes the same files.

    python3 tools/reference/make_reference.py            # writes packages/*/test/reference/*.json
    python3 tools/reference/make_reference.py --check DIR  # recomputes DIR's cases from their inputs

--check reads another folder of files in the same format (for instance a colleague's values)
and prints the largest difference per file, to confirm that both agree.
"""
import argparse
import json
import os
import sys

import numpy as np
from scipy import linalg

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT = {
    'frechet.json': 'packages/evaluation/test/reference',
    'kid.json': 'packages/evaluation/test/reference',
    'classifier-score.json': 'packages/evaluation/test/reference',
    'prdc.json': 'packages/evaluation/test/reference',
    'pyramid.json': 'packages/ops/test/reference',
    'avgpool-pyramid.json': 'packages/ops/test/reference',
}


def frechet_distance(a, b):
    """||mu_a - mu_b||^2 + Tr(S_a + S_b - 2 (S_a S_b)^(1/2)), covariances with ddof=1."""
    mu_a, mu_b = a.mean(0), b.mean(0)
    s_a, s_b = np.cov(a, rowvar=False, ddof=1), np.cov(b, rowvar=False, ddof=1)
    root = linalg.sqrtm(s_a @ s_b).real
    return float(((mu_a - mu_b) ** 2).sum() + np.trace(s_a + s_b - 2 * root))


def kid(a, b):
    """Unbiased MMD^2 with the kernel k(x, y) = (x.y / d + 1)^3, one block of all samples."""
    d = a.shape[1]
    k = lambda x, y: (x @ y.T / d + 1) ** 3
    m, n = len(a), len(b)
    kaa, kbb, kab = k(a, a), k(b, b), k(a, b)
    return float((kaa.sum() - np.trace(kaa)) / (m * (m - 1)) + (kbb.sum() - np.trace(kbb)) / (n * (n - 1)) - 2 * kab.mean())


def classifier_score(logits):
    """exp(E_x KL(p(y|x) || p(y))), natural log, p from a softmax of the logits."""
    z = logits - logits.max(1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    marginal = p.mean(0)
    return float(np.exp(np.mean(np.sum(p * (np.log(p) - np.log(marginal)), 1))))


def prdc(real, fake, k):
    """Naeem et al. 2020: radius = distance to the k-th nearest other real point; strict <."""
    dist = lambda x, y: np.sqrt(((x[:, None, :] - y[None, :, :]) ** 2).sum(-1))
    real_real, real_fake = dist(real, real), dist(real, fake)
    radius = np.sort(real_real, 1)[:, k]
    fake_fake_radius = np.sort(dist(fake, fake), 1)[:, k]
    inside = real_fake < radius[:, None]
    precision = inside.any(0).mean()
    recall = (dist(fake, real) < fake_fake_radius[:, None]).any(0).mean()
    density = inside.sum(0).mean() / k
    coverage = (real_fake.min(1) < radius).mean()
    return {'precision': float(precision), 'recall': float(recall), 'density': float(density), 'coverage': float(coverage)}


BINOMIAL = np.array([1, 4, 6, 4, 1], dtype=np.float64) / 16


def blur(image):
    """The separable 5x5 binomial blur with numpy 'reflect' padding (edge not repeated)."""
    padded = np.pad(image, 2, mode='reflect')
    rows = sum(BINOMIAL[i] * padded[:, i:i + image.shape[1]] for i in range(5))
    return sum(BINOMIAL[i] * rows[i:i + image.shape[0], :] for i in range(5))


def up(image):
    """Zeros inserted (values at even indices), blurred, times 4."""
    grown = np.zeros((image.shape[0] * 2, image.shape[1] * 2))
    grown[::2, ::2] = image
    return 4 * blur(grown)


def pyramids(image, levels):
    """`levels` levels in all, the image itself the first."""
    gaussian = [image]
    for _ in range(levels - 1):
        gaussian.append(blur(gaussian[-1])[::2, ::2])
    laplacian = [g - up(gaussian[i + 1]) for i, g in enumerate(gaussian[:-1])] + [gaussian[-1]]
    return gaussian, laplacian


def avgpool_pyramid(image, levels):
    out = [image]
    while len(out) < levels:
        x = out[-1]
        out.append(x.reshape(x.shape[0] // 2, 2, x.shape[1] // 2, 2).mean((1, 3)))
    return out


def compute(name, case):
    """The expected values of one case, from its inputs."""
    arr = lambda key: np.array(case[key], dtype=np.float64)
    if name == 'frechet.json':
        return {'frechet_distance': frechet_distance(arr('features_a'), arr('features_b'))}
    if name == 'kid.json':
        return {'kid': kid(arr('features_a'), arr('features_b'))}
    if name == 'classifier-score.json':
        return {'classifier_score': classifier_score(arr('logits'))}
    if name == 'prdc.json':
        return prdc(arr('real'), arr('fake'), case['k'])
    if name == 'pyramid.json':
        gaussian, laplacian = pyramids(arr('image'), case['levels'])
        return {'gaussian': [g.tolist() for g in gaussian], 'laplacian': [l.tolist() for l in laplacian]}
    if name == 'avgpool-pyramid.json':
        levels = case['levels'] if 'levels' in case else len(case['avgpool'])
        return {'avgpool': [p.tolist() for p in avgpool_pyramid(arr('image'), levels)]}
    raise ValueError(name)


WHAT = {
    'frechet.json': 'Frechet distance between two feature sets (as in FID/FCD); covariance with ddof=1; sqrtm real part',
    'kid.json': 'Kernel Inception Distance: unbiased MMD^2, kernel (x.y/d+1)^3, one block of all samples',
    'classifier-score.json': 'classifier score exp(E_x KL(p(y|x)||p(y))) from logits, natural log',
    'prdc.json': 'precision/recall/density/coverage (Naeem et al. 2020); radius = distance to the k-th nearest neighbour, the point itself excluded; strict <',
    'pyramid.json': "Gaussian/Laplacian pyramid: 5x5 binomial kernel [1,4,6,4,1]/16 separable, reflect padding (numpy 'reflect'); down = blur then every 2nd pixel from 0; up = zeros inserted, blur, times 4; laplacian[i] = gauss[i] - up(gauss[i+1]); last level = coarsest gaussian",
    'avgpool-pyramid.json': '2x2 average-pool pyramid, finest first',
}


def inputs(name, rng):
    """Seeded inputs: small sets with different means and spreads, so the values are not trivial."""
    if name in ('frechet.json', 'kid.json'):
        n, d = (64, 4) if name == 'frechet.json' else (50, 8)
        return [{'features_a': rng.normal(0, 1, (n, d)).round(6).tolist(), 'features_b': rng.normal(shift, scale, (n, d)).round(6).tolist()} for shift, scale in ((0, 1), (0.5, 1), (1, 2))]
    if name == 'classifier-score.json':
        return [{'logits': (rng.normal(0, 1, (40, 10)) * spread).round(6).tolist()} for spread in (0.3, 2, 6)]
    if name == 'prdc.json':
        return [{'real': rng.normal(0, 1, (60, 4)).round(6).tolist(), 'fake': rng.normal(shift, 1, (60, 4)).round(6).tolist(), 'k': k} for shift, k in ((0, 3), (0.7, 3), (1.5, 5))]
    if name == 'pyramid.json':
        return [{'image': rng.uniform(-1, 1, (size, size)).round(6).tolist(), 'levels': levels} for size, levels in ((8, 2), (16, 3), (32, 3))]
    if name == 'avgpool-pyramid.json':
        return [{'image': rng.uniform(-1, 1, (size, size)).round(6).tolist(), 'levels': levels} for size, levels in ((8, 3), (28, 3))]
    raise ValueError(name)


def largest_difference(expected, actual):
    if isinstance(expected, dict):
        return max(largest_difference(expected[k], actual[k]) for k in actual)
    if isinstance(expected, list):
        return max((largest_difference(e, a) for e, a in zip(expected, actual)), default=0.0)
    return abs(float(expected) - float(actual)) / max(abs(float(expected)), 1e-3)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--check', metavar='DIR', help='recompute the cases of the files in DIR and print the largest relative difference per file (exit 1 above 1e-3)')
    args = parser.parse_args()
    if args.check:
        worst = 0.0
        for name in OUTPUT:
            path = os.path.join(args.check, name)
            if not os.path.exists(path):
                continue
            cases = json.load(open(path))['cases']
            diff = max(largest_difference({k: c[k] for k in compute(name, c)}, compute(name, c)) for c in cases)
            worst = max(worst, diff)
            print(f'{name}: {len(cases)} cases, largest relative difference {diff:.2e}')
        # The files may round their values (to 6 decimals, say): agreement to the tests' own tolerance is the point.
        sys.exit(0 if worst < 1e-3 else 1)
    rng = np.random.default_rng(20261130)
    for name, folder in OUTPUT.items():
        cases = [{**case, **compute(name, case)} for case in inputs(name, rng)]
        os.makedirs(os.path.join(ROOT, folder), exist_ok=True)
        with open(os.path.join(ROOT, folder, name), 'w') as out:
            json.dump({'what': WHAT[name], 'made_by': 'tools/reference/make_reference.py (numpy, scipy)', 'cases': cases}, out)
            out.write('\n')
        print(f'wrote {folder}/{name} ({len(cases)} cases)')


if __name__ == '__main__':
    main()
