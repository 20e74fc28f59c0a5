// The pure vision code lives in electron/common/vision/ so that the CLI (`facegate analyze`) runs
// the very same code under Node: lint lets both the renderer and the CLI import common, and neither
// import the other. This file keeps the renderer's import path.
export * from '../../../electron/common/vision/image-quality';
