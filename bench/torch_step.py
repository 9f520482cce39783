"""PyTorch twins of Granular's reference models (packages/cli/src/doctor/reference-families.ts): the
MLP (pipelines/mnist-mlp.yaml), the DCGAN (pipelines/mnist-dcgan.yaml), the paper's MSG-GAN
(pipelines/mnist-msg-paper.yaml) and multid (pipelines/mnist-multid.yaml: a DCGAN generator against
three PatchGANs on the image and its 2x and 4x average-pooled copies), timed for one training step (a D step with G fixed, then a G step) as bench/torch.ts
times ours: same layer shapes, non-saturating loss from logits, Adam, losses read back each step.

    python bench/torch_step.py --model dcgan --batch 64 --steps 10 --warmup 2 --threads 2
prints one JSON line: {"model": ..., "ms": [...], "parameters": ..., "torch": ...}.
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def leaky(x):
    return F.leaky_relu(x, 0.2)


class DcganG(nn.Module):
    # z(100) -> dense start*start*widest (BN, ReLU) -> convT 5x5/2 halving the filters (BN, ReLU) -> convT 5x5/2 1, tanh.
    # 28 px (pipelines/mnist-dcgan.yaml): start 7, 2 upsamplings, filters 64 (7*7*128 -> 64 -> 1);
    # 64 px (pipelines/mnist64-dcgan.yaml): start 4, 4 upsamplings, filters 32 (4*4*256 -> 128 -> 64 -> 32 -> 1).
    def __init__(self, start=7, upsamplings=2, filters=64):
        super().__init__()
        self.start = start
        self.widest = filters * 2 ** (upsamplings - 1)
        self.dense = nn.Linear(100, start * start * self.widest, bias=False)
        self.bn0 = nn.BatchNorm1d(start * start * self.widest)
        widths = [self.widest // 2**i for i in range(upsamplings)]
        self.ups = nn.ModuleList([nn.ConvTranspose2d(a, b, 5, 2, padding=2, output_padding=1, bias=False) for a, b in zip(widths, widths[1:])])
        self.bns = nn.ModuleList([nn.BatchNorm2d(b) for b in widths[1:]])
        self.last = nn.ConvTranspose2d(widths[-1], 1, 5, 2, padding=2, output_padding=1)

    def forward(self, z):
        x = F.relu(self.bn0(self.dense(z))).view(-1, self.widest, self.start, self.start)
        for up, bn in zip(self.ups, self.bns):
            x = F.relu(bn(up(x)))
        return torch.tanh(self.last(x))


class DcganD(nn.Module):
    # conv 5x5/2 doubling the filters (leaky), downsamplings times -> dense 1.
    # 28 px: 64, 128 (7*7*128 into the dense); 64 px: 32, 64, 128, 256 (4*4*256).
    def __init__(self, side=28, downsamplings=2, filters=64):
        super().__init__()
        widths = [1] + [filters * 2**i for i in range(downsamplings)]
        self.convs = nn.ModuleList([nn.Conv2d(a, b, 5, 2, padding=2) for a, b in zip(widths, widths[1:])])
        self.out = nn.Linear((side // 2**downsamplings) ** 2 * widths[-1], 1)

    def forward(self, x):
        for conv in self.convs:
            x = leaky(conv(x))
        return self.out(x.flatten(1))


class MlpG(nn.Module):
    # z(100) -> dense 256, 512, 1024 (each BN, leaky) -> dense 784, tanh
    def __init__(self):
        super().__init__()
        widths = [100, 256, 512, 1024]
        self.hidden = nn.ModuleList([nn.Linear(a, b) for a, b in zip(widths, widths[1:])])
        self.norms = nn.ModuleList([nn.BatchNorm1d(b, momentum=0.1) for b in widths[1:]])
        self.out = nn.Linear(1024, 28 * 28)

    def forward(self, z):
        x = z
        for dense, norm in zip(self.hidden, self.norms):
            x = leaky(norm(dense(x)))
        return torch.tanh(self.out(x)).view(-1, 1, 28, 28)


class MlpD(nn.Module):
    # flatten -> dense 512, 256 (leaky) -> dense 1
    def __init__(self):
        super().__init__()
        self.h1 = nn.Linear(28 * 28, 512)
        self.h2 = nn.Linear(512, 256)
        self.out = nn.Linear(256, 1)

    def forward(self, x):
        return self.out(leaky(self.h2(leaky(self.h1(x.flatten(1))))))


class MultidG(nn.Module):
    # z(128) -> dense 4*4*256 (BN, ReLU) -> convT 5x5/2 128, 64 (BN, ReLU) -> convT 5x5/2 1, tanh: 32x32
    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(128, 4 * 4 * 256, bias=False)
        self.bn0 = nn.BatchNorm1d(4 * 4 * 256)
        self.ups = nn.ModuleList([nn.ConvTranspose2d(a, b, 5, 2, padding=2, output_padding=1, bias=False) for a, b in [(256, 128), (128, 64)]])
        self.bns = nn.ModuleList([nn.BatchNorm2d(128), nn.BatchNorm2d(64)])
        self.last = nn.ConvTranspose2d(64, 1, 5, 2, padding=2, output_padding=1)

    def forward(self, z):
        x = F.relu(self.bn0(self.dense(z))).view(-1, 256, 4, 4)
        for up, bn in zip(self.ups, self.bns):
            x = F.relu(bn(up(x)))
        return torch.tanh(self.last(x))


class MultidD(nn.Module):
    # 3 PatchGANs, the k-th on the image average-pooled k times: conv 4x4/2 32, 64 (leaky) -> conv 4x4 1 ('same')
    def __init__(self):
        super().__init__()
        self.patches = nn.ModuleList(
            [nn.ModuleList([nn.Conv2d(1, 32, 4, 2, padding=1), nn.Conv2d(32, 64, 4, 2, padding=1), nn.Conv2d(64, 1, 4, padding="same")]) for _ in range(3)]
        )

    def forward(self, x):
        outputs = []
        for k, (c1, c2, c3) in enumerate(self.patches):
            if k > 0:
                x = F.avg_pool2d(x, 2)
            outputs.append(c3(leaky(c2(leaky(c1(x))))))
        return outputs


def pixel_norm(x):
    return x * torch.rsqrt(torch.mean(x * x, dim=1, keepdim=True) + 1e-8)


# The paper's widths at 32 px (pipelines/mnist-msg-paper.yaml), coarsest first; at 64 px a fifth
# scale of 16 filters (msg64 in packages/cli/src/doctor/reference-families.ts).
MSG_FILTERS = {32: [144, 80, 32, 16], 64: [144, 80, 32, 16, 16]}


class MsgG(nn.Module):
    # z(512) -> dense 4*4*filters[0]; per scale: (upsample) conv3 + leaky + pixel norm, twice; 1x1 toRGB (tanh)
    def __init__(self, side=32):
        super().__init__()
        filters = MSG_FILTERS[side]
        self.first = filters[0]
        self.dense = nn.Linear(512, 4 * 4 * filters[0])
        self.blocks = nn.ModuleList()
        self.to_rgb = nn.ModuleList()
        previous = filters[0]
        for width in filters:
            self.blocks.append(nn.ModuleList([nn.Conv2d(previous, width, 3, padding=1), nn.Conv2d(width, width, 3, padding=1)]))
            self.to_rgb.append(nn.Conv2d(width, 1, 1))
            previous = width

    def forward(self, z):
        x = self.dense(z).view(-1, self.first, 4, 4)
        images = []
        for i, (block, rgb) in enumerate(zip(self.blocks, self.to_rgb)):
            if i > 0:
                x = F.interpolate(x, scale_factor=2, mode="nearest")
            for conv in block:
                x = pixel_norm(leaky(conv(x)))
            images.insert(0, torch.tanh(rgb(x)))
        return images  # finest first


class MsgD(nn.Module):
    # lin_cat: each coarser image projected (1x1, half the width) and concatenated; minibatch stddev at 4x4
    def __init__(self, side=32):
        super().__init__()
        filters = MSG_FILTERS[side][::-1]  # finest first: 16, 32, 80, 144 at 32 px
        self.levels = len(filters) - 1
        self.project0 = nn.Conv2d(1, filters[0], 1)
        self.projects = nn.ModuleList([nn.Conv2d(1, max(1, filters[i] // 2), 1) for i in range(1, len(filters))])
        self.blocks = nn.ModuleList()
        width = filters[0]
        for i in range(self.levels):
            incoming = width if i == 0 else width + max(1, filters[i] // 2)
            self.blocks.append(nn.ModuleList([nn.Conv2d(incoming, filters[i], 3, padding=1), nn.Conv2d(filters[i], filters[i + 1], 3, padding=1)]))
            width = filters[i + 1]
        last_in = width + max(1, filters[-1] // 2) + 1  # + the minibatch stddev channel
        self.final3 = nn.Conv2d(last_in, filters[-1], 3, padding=1)
        self.final4 = nn.Conv2d(filters[-1], filters[-1], 4)
        self.out = nn.Linear(filters[-1], 1)

    def forward(self, images):
        x = leaky(self.project0(images[0]))
        for i in range(self.levels):
            if i > 0:
                x = torch.cat([x, leaky(self.projects[i - 1](images[i]))], 1)
            for conv in self.blocks[i]:
                x = leaky(conv(x))
            x = F.avg_pool2d(x, 2)
        x = torch.cat([x, leaky(self.projects[-1](images[-1]))], 1)
        std = torch.sqrt(x.var(dim=0, unbiased=False) + 1e-8).mean()
        x = torch.cat([x, std.expand(x.shape[0], 1, x.shape[2], x.shape[3])], 1)
        x = leaky(self.final4(leaky(self.final3(x))))
        return self.out(x.flatten(1))


# name: (G, D, latent size, image side)
MODELS = {
    "mlp": (MlpG, MlpD, 100, 28),
    "dcgan": (DcganG, DcganD, 100, 28),
    "msg": (MsgG, MsgD, 512, 32),
    "multid": (MultidG, MultidD, 128, 32),
    "dcgan64": (lambda: DcganG(start=4, upsamplings=4, filters=32), lambda: DcganD(side=64, downsamplings=4, filters=32), 100, 64),
    "msg64": (lambda: MsgG(side=64), lambda: MsgD(side=64), 512, 64),
}


def as_list(logits):
    """One logit tensor, or one per scale (multid): the losses average over the list, as Granular's train steps do."""
    return logits if isinstance(logits, list) else [logits]


def non_saturating_d(real_logits, fake_logits):
    real, fake = as_list(real_logits), as_list(fake_logits)
    return sum(F.softplus(-r).mean() + F.softplus(f).mean() for r, f in zip(real, fake)) / len(real)


def non_saturating_g(fake_logits):
    fake = as_list(fake_logits)
    return sum(F.softplus(-f).mean() for f in fake) / len(fake)


def mean_probability(logits):
    return torch.stack([torch.sigmoid(l).mean() for l in as_list(logits)]).mean().detach()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=sorted(MODELS), required=True)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    msg = args.model.startswith("msg")
    G, D, latent, side = MODELS[args.model]
    generator, discriminator = G(), D()
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))

    def pyramid(images):
        levels = [images]
        for _ in range(len(MSG_FILTERS[side]) - 1):
            levels.append(F.avg_pool2d(levels[-1], 2))
        return levels

    times = []
    for step in range(args.warmup + args.steps):
        real = torch.rand(args.batch, 1, side, side) * 2 - 1
        started = time.perf_counter()
        real_input = pyramid(real) if msg else real
        with torch.no_grad():
            fake = generator(torch.randn(args.batch, latent))
        opt_d.zero_grad(set_to_none=True)
        real_logits = discriminator(real_input)
        fake_logits = discriminator(fake)
        d_loss = non_saturating_d(real_logits, fake_logits)
        d_loss.backward()
        opt_d.step()
        stats = torch.stack([d_loss.detach(), mean_probability(real_logits), mean_probability(fake_logits)]).tolist()
        opt_g.zero_grad(set_to_none=True)
        g_loss = non_saturating_g(discriminator(generator(torch.randn(args.batch, latent))))
        g_loss.backward()
        opt_g.step()
        stats.append(g_loss.item())
        if step >= args.warmup:
            times.append((time.perf_counter() - started) * 1000)
    parameters = sum(p.numel() for p in generator.parameters()) + sum(p.numel() for p in discriminator.parameters())
    print(json.dumps({"model": args.model, "ms": times, "parameters": parameters, "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
