import type { Messages } from './en';

const reception = 'bitte wenden Sie sich an den Empfang';

/** German, formal (Sie), as a front desk would speak to a visitor. */
export const de: Messages = {
  state: {
    starting: 'Wird gestartet…',
    idle: 'Bitte in die Kamera schauen, um einzutreten',
    idleDetail: 'Stellen Sie sich etwa einen Schritt vor den Bildschirm',
    holding: 'Bitte weiter in die Kamera schauen',
    verifying: 'Wird geprüft…',
    verifyingDetail: 'Einen Moment, bitte',
  },
  guidance: {
    FACE_NOT_FOUND: 'Bitte schauen Sie in die Kamera',
    FACE_TOO_SMALL: 'Bitte kommen Sie näher',
    FACE_TOO_CLOSE: 'Bitte treten Sie etwas zurück',
    FACE_CLOSE_TO_BORDER: 'Bitte stellen Sie sich in die Mitte',
    FACE_CROPPED: 'Bitte stellen Sie sich in die Mitte',
    TOO_MANY_FACES: 'Bitte nur eine Person',
    LOW_DETECTION_SCORE: 'Bitte schauen Sie in die Kamera',
    FACE_ANGLE_TOO_LARGE: 'Bitte drehen Sie das Gesicht zur Kamera',
    POOR_LIGHT: 'Bitte treten Sie ins Licht',
    FACE_BLUR: 'Bitte halten Sie still',
    LIVENESS_FAILED: `Wir konnten kein echtes Gesicht bestätigen: ${reception}`,
    PLEASE_TRY_AGAIN: 'Bitte versuchen Sie es noch einmal',
    FAILED_TO_READ_IMAGE: 'Bitte versuchen Sie es noch einmal',
    FAILED_TO_PREDICT_LANDMARKS: 'Bitte versuchen Sie es noch einmal',
  },
  decision: {
    welcome: 'Willkommen, {{name}}',
    welcomeNoName: 'Willkommen',
    doorOpen: 'Die Tür ist offen',
    doorShut: `Die Tür hat sich nicht geöffnet: ${reception}`,
    notRecognised: 'Nicht erkannt',
    notRecognisedDetail: 'Bitte wenden Sie sich an den Empfang',
    ambiguous: 'Nicht eindeutig erkannt',
    retryOrReception: 'Bitte versuchen Sie es noch einmal oder wenden Sie sich an den Empfang',
    thenTryAgain: 'Dann versuchen Sie es noch einmal',
    offline: 'Offline',
    offlineDetail: 'Bitte benutzen Sie Ihren Ausweis oder wenden Sie sich an den Empfang',
    error: 'Etwas ist schiefgelaufen',
    errorDetail: 'Bitte wenden Sie sich an den Empfang ({{code}})',
  },
  fault: {
    camera: `Kamera nicht verfügbar: ${reception}`,
    model: `Gesichtserkennung nicht verfügbar: ${reception}`,
    config: `Dieses Terminal ist noch nicht eingerichtet: ${reception}`,
    storage: `Dieses Terminal kann keine Protokolle speichern: ${reception}`,
    other: `Außer Betrieb: ${reception}`,
  },
  operator: {
    configFallback: 'Einstellungsdatei ungültig, letzte gültige Einstellungen aktiv',
    relayUnavailable: 'Türsteuerung nicht verfügbar',
    relayNone: 'Kein Türrelais konfiguriert',
    cameraLost: 'Kamera getrennt: neue Verbindung wird versucht…',
    cameraFrozen: 'Kamerabild eingefroren',
    camera: 'Keine Kamera, oder Kamerazugriff verweigert',
    model: 'Gesichtsmodell konnte nicht geladen werden',
    config: 'Einstellungen ungültig',
    storage: 'Datenbank nicht beschreibbar',
    other: 'Störung des Terminals',
  },
  banner: {
    offline:
      'Offline: Eintritt per Gesicht nicht verfügbar, bitte benutzen Sie Ihren Ausweis oder wenden Sie sich an den Empfang',
  },
};
