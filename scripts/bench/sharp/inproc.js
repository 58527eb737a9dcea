// In-process timing of sharp for scripts/bench/compare.sh: the same jobs as ossimg's workloads,
// with sharp's defaults where the job does not say otherwise (JPEG q85, WebP q75).
//   node inproc.js WORKLOAD INPUT OUTPUT RUNS THREADS  ->  prints the median ms
'use strict';
const sharp = require('sharp');
const [workload, input, output, runsArg, threadsArg] = process.argv.slice(2);
sharp.cache(false);  // every run does the whole job
sharp.concurrency(parseInt(threadsArg || '1', 10));

async function once() {
  const img = sharp(input);
  switch (workload) {
    case 'a': return img.resize(800, 800, { fit: 'inside' }).jpeg({ quality: 85 }).toFile(output);
    case 'b': return img.resize({ width: 2000 }).jpeg({ quality: 85 }).toFile(output);
    case 'c': {
      const m = await sharp(input).metadata();
      return img.extract({ left: (m.width - 1000) >> 1, top: (m.height - 1000) >> 1,
                           width: 1000, height: 1000 }).jpeg({ quality: 85 }).toFile(output);
    }
    case 'd': return img.rotate(90).jpeg({ quality: 85 }).toFile(output);
    case 'e': return img.webp({ quality: 75 }).toFile(output);
    case 'f': {
      const m = await sharp(input).metadata();
      return img.resize(Math.round(m.width / 2), Math.round(m.height / 2)).png().toFile(output);
    }
    case 'g': return img.blur(5).jpeg({ quality: 85 }).toFile(output);
    case 'h': return sharp(input, { animated: true }).resize({ width: 200 }).gif().toFile(output);
    default: throw new Error('unknown workload ' + workload);
  }
}

(async () => {
  const runs = parseInt(runsArg || '5', 10);
  await once();  // warm-up: loads libvips' modules and fills caches
  const ms = [];
  for (let i = 0; i < runs; ++i) {
    const t0 = process.hrtime.bigint();
    await once();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((x, y) => x - y);
  console.log(ms[ms.length >> 1].toFixed(1));
})().catch((e) => { console.error(String(e)); process.exit(1); });
