import type { Messages } from './en';

const reception = 'veuillez appeler l’accueil';

/**
 * French, formal (vous), as a front desk speaks to a visitor. French typography puts a space before
 * a colon: \u00a0 (no-break) so the colon never wraps onto a line of its own.
 */
export const fr: Messages = {
  state: {
    starting: 'Démarrage…',
    idle: 'Regardez la caméra pour entrer',
    idleDetail: 'Placez-vous face à l’écran, à un pas environ',
    holding: 'Continuez à regarder la caméra',
    verifying: 'Vérification…',
    verifyingDetail: 'Un instant, s’il vous plaît',
  },
  guidance: {
    FACE_NOT_FOUND: 'Regardez la caméra',
    FACE_TOO_SMALL: 'Approchez-vous',
    FACE_TOO_CLOSE: 'Reculez un peu',
    FACE_CLOSE_TO_BORDER: 'Placez-vous au centre',
    FACE_CROPPED: 'Placez-vous au centre',
    TOO_MANY_FACES: 'Une seule personne, s’il vous plaît',
    LOW_DETECTION_SCORE: 'Regardez la caméra',
    FACE_ANGLE_TOO_LARGE: 'Tournez le visage vers la caméra',
    POOR_LIGHT: 'Placez-vous dans la lumière',
    FACE_BLUR: 'Ne bougez plus',
    LIVENESS_FAILED: `Nous n’avons pas pu confirmer un visage réel\u00a0: ${reception}`,
    PLEASE_TRY_AGAIN: 'Veuillez réessayer',
    FAILED_TO_READ_IMAGE: 'Veuillez réessayer',
    FAILED_TO_PREDICT_LANDMARKS: 'Veuillez réessayer',
  },
  decision: {
    welcome: 'Bienvenue, {{name}}',
    welcomeNoName: 'Bienvenue',
    doorOpen: 'La porte est ouverte',
    doorShut: `La porte ne s’est pas ouverte\u00a0: ${reception}`,
    notRecognised: 'Visage non reconnu',
    notRecognisedDetail: 'Veuillez appeler l’accueil',
    ambiguous: 'Identité incertaine',
    retryOrReception: 'Veuillez réessayer ou appeler l’accueil',
    thenTryAgain: 'Puis réessayez',
    offline: 'Hors ligne',
    offlineDetail: 'Utilisez votre badge ou appelez l’accueil',
    error: 'Un problème est survenu',
    errorDetail: 'Veuillez appeler l’accueil ({{code}})',
  },
  fault: {
    camera: `Caméra indisponible\u00a0: ${reception}`,
    model: `Reconnaissance faciale indisponible\u00a0: ${reception}`,
    config: `Cette borne n’est pas encore configurée\u00a0: ${reception}`,
    storage: `Cette borne ne peut pas enregistrer ses données\u00a0: ${reception}`,
    other: `Hors service\u00a0: ${reception}`,
  },
  operator: {
    configFallback: 'Fichier de réglages invalide, derniers réglages valides utilisés',
    relayUnavailable: 'Contrôleur de porte indisponible',
    relayNone: 'Aucun relais de porte configuré',
    cameraLost: 'Caméra déconnectée\u00a0: reconnexion…',
    cameraFrozen: 'Image de la caméra figée',
    camera: 'Aucune caméra, ou accès à la caméra refusé',
    model: 'Le modèle de visage n’a pas pu être chargé',
    config: 'Réglages invalides',
    storage: 'Base de données non inscriptible',
    other: 'Panne de la borne',
  },
  banner: {
    offline: `Hors ligne\u00a0: l’entrée par le visage est indisponible, utilisez votre badge ou appelez l’accueil`,
  },
};
