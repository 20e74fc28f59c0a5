import { LETTERBOX, SWAY, makeCameraY4m } from './camera';

/**
 * A dim, busy scene: one man at a restaurant table (vlado-1.jpg) with food, glasses and a dark room
 * around him, swaying, darkened below the gate's light floor and grainy as a cheap camera is in poor
 * light. Frame by frame the loop's raw verdict wanders between POOR_LIGHT, FACE_TOO_SMALL,
 * FACE_CLOSE_TO_BORDER and TOO_MANY_FACES (the clutter makes a second "face" now and then): the
 * flicker of issue 12. The noise is temporal, so no two frames are identical (a dim camera is not a
 * frozen one).
 */
export const DIM_BUSY = `${LETTERBOX}${SWAY},eq=brightness=-0.35,noise=alls=25:allf=t+u`;

export function dimBusyCamera(): Promise<string> {
  return makeCameraY4m('vlado-1.jpg', { filter: DIM_BUSY, seconds: 4 });
}

/**
 * A dim group: the two-people photo darker still and grainier, so the detector keeps finding and
 * losing the faces (nobody, one face too small, two faces, a cropped one): harder than DIM_BUSY, as
 * the raw verdict changes several times a second.
 */
export const DIM_GROUP = `${LETTERBOX}${SWAY},eq=brightness=-0.45,noise=alls=40:allf=t+u`;

export function dimGroupCamera(): Promise<string> {
  return makeCameraY4m('two-people.jpg', { filter: DIM_GROUP, seconds: 4 });
}

/**
 * A person walking up to the kiosk in good light, as in the fixtures' README: the face starts at a good
 * size and ends filling the frame (5 s; Chromium loops it, so the walk starts again after each). It
 * sways throughout: the README's zoom stops for its last second, and identical frames are a frozen
 * camera (CAMERA_FROZEN), which no one walking up shows.
 */
export const APPROACH =
  "crop=iw:iw*3/4:0:0,scale=1280:960,zoompan=z='min(1+on*0.01,2.2)':x='iw*0.53-iw/zoom/2':y='ih*0.30-ih/zoom/2':d=1:s=640x480:fps=30,setsar=1" +
  SWAY;

export function approachCamera(): Promise<string> {
  return makeCameraY4m('obama-1.jpg', { filter: APPROACH, seconds: 5 });
}
