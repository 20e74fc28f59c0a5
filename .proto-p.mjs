import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
const require = createRequire('/work/main/package.json');
const faceapi = require(require.resolve('@vladmandic/face-api/dist/face-api.node-wasm.js'));
const wasm = require('@tensorflow/tfjs-backend-wasm');
const tf = faceapi.tf;
const path = require('node:path');
const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/';
console.log(Object.keys(faceapi).filter(k=>/wasm|Wasm/.test(k)), typeof tf.setWasmPaths, typeof wasm.setWasmPaths, tf.version_core ?? tf.version);
wasm.setWasmPaths(wasmDir);
let t=Date.now();
await tf.setBackend('wasm'); await tf.ready();
console.log('backend', tf.getBackend(), Date.now()-t);
const modelDir = path.dirname(require.resolve('@vladmandic/face-api/package.json')) + '/model';
t=Date.now();
await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir);
await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
console.log('models', Date.now()-t);
const opts = new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.2 });
async function describe(file){
  const { data, info } = await sharp(readFileSync('/work/shared/fixtures/faces/'+file)).rotate().removeAlpha().raw().toBuffer({resolveWithObject:true});
  const tensor = tf.tensor3d(new Int32Array(data), [info.height, info.width, 3], 'int32');
  const t0=performance.now();
  const res = await faceapi.detectAllFaces(tensor, opts).withFaceLandmarks().withFaceDescriptors();
  const ms = performance.now()-t0;
  tensor.dispose();
  return {file, ms, w: info.width, h: info.height, faces: res.map(r=>({box:[r.detection.box.x,r.detection.box.y,r.detection.box.width,r.detection.box.height].map(Math.round), score: r.detection.score.toFixed(3), d: r.descriptor}))};
}
const files = ['obama-1.jpg','obama-2.jpg','obama-240p.jpg','obama-partial.jpg','biden-1.jpg','two-people.jpg','vlado-1.jpg','vlado-2.jpg','alex-lacamoire-1.png','no-face.jpg'];
await describe('obama-1.jpg');
const out={};
for (const f of files){ const r=await describe(f); out[f]=r; console.log(f, r.w+'x'+r.h, Math.round(r.ms)+'ms', JSON.stringify(r.faces.map(x=>[x.box,x.score]))); }
const one = Object.entries(out).filter(([f,r])=>r.faces.length>=1);
for (let i=0;i<one.length;i++) for (let j=i+1;j<one.length;j++){ const a=one[i][1].faces[0].d,b=one[j][1].faces[0].d; console.log(one[i][0], one[j][0], faceapi.euclideanDistance(a,b).toFixed(3)); }
console.log('tensors', tf.memory().numTensors);
const tp = out['two-people.jpg'].faces;
for (const f of ['obama-1.jpg','biden-1.jpg','vlado-1.jpg']) console.log('two-people faces vs', f, tp.map(x=>faceapi.euclideanDistance(x.d,out[f].faces[0].d).toFixed(3)));
const n0 = tf.memory().numTensors;
for (let k=0;k<2;k++) for (const f of files){ const r=await describe(f); console.log('pass',k,f, Math.round(r.ms)+'ms'); }
console.log('tensors before/after', n0, tf.memory().numTensors);
