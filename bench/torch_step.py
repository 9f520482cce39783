"""PyTorch twins of Granular's DCGAN (pipelines/mnist-dcgan.yaml) and MSG-GAN (pipelines/mnist-msg.yaml)
models, timed for one training step (a D step with G fixed, then a G step) as bench/torch.ts
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
    # z(100) -> dense 7*7*128 (BN, ReLU) -> convT 5x5/2 64 (BN, ReLU) -> convT 5x5/2 1, tanh
    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(100, 7 * 7 * 128, bias=False)
        self.bn0 = nn.BatchNorm1d(7 * 7 * 128)
        self.up1 = nn.ConvTranspose2d(128, 64, 5, 2, padding=2, output_padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.up2 = nn.ConvTranspose2d(64, 1, 5, 2, padding=2, output_padding=1)

    def forward(self, z):
        x = F.relu(self.bn0(self.dense(z))).view(-1, 128, 7, 7)
        x = F.relu(self.bn1(self.up1(x)))
        return torch.tanh(self.up2(x))


class DcganD(nn.Module):
    # conv 5x5/2 64 (leaky) -> conv 5x5/2 128 (leaky) -> dense 1
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 64, 5, 2, padding=2)
        self.c2 = nn.Conv2d(64, 128, 5, 2, padding=2)
        self.out = nn.Linear(7 * 7 * 128, 1)

    def forward(self, x):
        return self.out(leaky(self.c2(leaky(self.c1(x)))).flatten(1))


SCALES = [4, 8, 16, 32]
FILTERS = [144, 80, 32, 16]


def pixel_norm(x):
    return x * torch.rsqrt(torch.mean(x * x, dim=1, keepdim=True) + 1e-8)


class MsgG(nn.Module):
    # z(512) -> dense 4*4*144; per scale: (upsample) conv3 + leaky + pixel norm, twice; 1x1 toRGB (tanh)
    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(512, 4 * 4 * FILTERS[0])
        self.blocks = nn.ModuleList()
        self.to_rgb = nn.ModuleList()
        previous = FILTERS[0]
        for width in FILTERS:
            self.blocks.append(nn.ModuleList([nn.Conv2d(previous, width, 3, padding=1), nn.Conv2d(width, width, 3, padding=1)]))
            self.to_rgb.append(nn.Conv2d(width, 1, 1))
            previous = width

    def forward(self, z):
        x = self.dense(z).view(-1, FILTERS[0], 4, 4)
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
    def __init__(self):
        super().__init__()
        filters = FILTERS[::-1]  # finest first: 16, 32, 80, 144
        self.project0 = nn.Conv2d(1, filters[0], 1)
        self.projects = nn.ModuleList([nn.Conv2d(1, max(1, filters[i] // 2), 1) for i in range(1, 4)])
        self.blocks = nn.ModuleList()
        width = filters[0]
        for i in range(3):
            incoming = width if i == 0 else width + max(1, filters[i] // 2)
            self.blocks.append(nn.ModuleList([nn.Conv2d(incoming, filters[i], 3, padding=1), nn.Conv2d(filters[i], filters[i + 1], 3, padding=1)]))
            width = filters[i + 1]
        last_in = width + max(1, filters[3] // 2) + 1  # + the minibatch stddev channel
        self.final3 = nn.Conv2d(last_in, filters[3], 3, padding=1)
        self.final4 = nn.Conv2d(filters[3], filters[3], 4)
        self.out = nn.Linear(filters[3], 1)

    def forward(self, images):
        x = leaky(self.project0(images[0]))
        for i in range(3):
            if i > 0:
                x = torch.cat([x, leaky(self.projects[i - 1](images[i]))], 1)
            for conv in self.blocks[i]:
                x = leaky(conv(x))
            x = F.avg_pool2d(x, 2)
        x = torch.cat([x, leaky(self.projects[2](images[3]))], 1)
        std = torch.sqrt(x.var(dim=0, unbiased=False) + 1e-8).mean()
        x = torch.cat([x, std.expand(x.shape[0], 1, x.shape[2], x.shape[3])], 1)
        x = leaky(self.final4(leaky(self.final3(x))))
        return self.out(x.flatten(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=["dcgan", "msg"], required=True)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    msg = args.model == "msg"
    generator, discriminator = (MsgG(), MsgD()) if msg else (DcganG(), DcganD())
    latent = 512 if msg else 100
    side = 32 if msg else 28
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))

    def pyramid(images):
        levels = [images]
        for _ in range(3):
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
        d_loss = F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()
        d_loss.backward()
        opt_d.step()
        stats = torch.stack([d_loss.detach(), torch.sigmoid(real_logits).mean().detach(), torch.sigmoid(fake_logits).mean().detach()]).tolist()
        opt_g.zero_grad(set_to_none=True)
        g_loss = F.softplus(-discriminator(generator(torch.randn(args.batch, latent)))).mean()
        g_loss.backward()
        opt_g.step()
        stats.append(g_loss.item())
        if step >= args.warmup:
            times.append((time.perf_counter() - started) * 1000)
    parameters = sum(p.numel() for p in generator.parameters()) + sum(p.numel() for p in discriminator.parameters())
    print(json.dumps({"model": args.model, "ms": times, "parameters": parameters, "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
