// The walkthrough: every step the admin takes in Haiilo and PingOne, with the exact menu
// and field names, in English and German. Step ids are saved in `done_steps`; never rename
// one once shipped. Texts are read through getters, so they follow `language.current` at the
// moment they are shown (the language can change while a screen is open).

import type { Lang } from './bindings/Lang';
import { bilingual, language } from './i18n.svelte';
import type { Console } from './labels';

export type Screen = 'start' | 'phase1' | 'phase2' | 'phase3' | 'test' | 'after';
export type WizardScreen = Exclude<Screen, 'start'>;

export interface GuideStep {
  /** Saved in `done_steps`: never changes, whatever the language. */
  id: string;
  /** Whose console the step happens in: PingOne's labels stay English in both languages. */
  console: Console;
  /** The texts below are read in the UI's language each time they are read. */
  title: string;
  /** Menu path to click through, shown as breadcrumbs (exact names; markup in lib/labels.ts). */
  path?: string[];
  /** May name console labels: [[PingOne label]], {{Haiilo label}}, {{?unconfirmed Haiilo label}}. */
  text?: string;
}

interface StepWords {
  title: string;
  path?: string[];
  text?: string;
}

/** A step whose words follow `language.current` at the moment they are read. */
function step(id: string, console: Console, words: Record<Lang, StepWords>): GuideStep {
  return {
    id,
    console,
    get title() {
      return words[language.current].title;
    },
    get path() {
      return words[language.current].path;
    },
    get text() {
      return words[language.current].text;
    },
  };
}

// Haiilo's German labels: docs/what-is-verified.md ("Haiilo's German labels") says which a
// public Haiilo page confirms; the others are marked {{?…}} and shown as not confirmed.
export const PHASE1_STEPS: GuideStep[] = [
  step(
    'haiilo.open_directories',
    'haiilo',
    bilingual({
      en: {
        title: 'Open the user directories',
        path: ['Administration', 'User directories'],
        text: 'Sign in to Haiilo with an account that holds the “{{Manage user directories}}” permission.',
      },
      de: {
        title: 'Die Benutzerverzeichnisse öffnen',
        path: ['Administration', 'Benutzerverzeichnisse'],
        text: 'Melden Sie sich bei Haiilo mit einem Konto an, das die Berechtigung „{{Verwaltung der Benutzerverzeichnisse}}“ hat.',
      },
    }),
  ),
  step(
    'haiilo.create_directory',
    'haiilo',
    bilingual({
      en: {
        title: 'Create a SCIM user directory',
        path: ['Create user directory'],
        text: 'Enter a name you will recognise later (for example “PingOne”) and choose the type {{SCIM}}.',
      },
      de: {
        title: 'Ein SCIM-Benutzerverzeichnis erstellen',
        path: ['Benutzerverzeichnis erstellen'],
        text: 'Geben Sie einen Namen ein, den Sie später wiedererkennen (zum Beispiel „PingOne“), und wählen Sie als {{Typ}} {{?SCIM}}.',
      },
    }),
  ),
  step(
    'haiilo.activate_directory',
    'haiilo',
    bilingual({
      en: {
        title: 'Activate the directory',
        text: 'Switch the new directory to active. An inactive directory turns PingOne away.',
      },
      de: {
        title: 'Das Verzeichnis aktivieren',
        text: 'Schalten Sie für das neue Verzeichnis {{Aktiv}} ein. Ein inaktives Verzeichnis weist PingOne ab.',
      },
    }),
  ),
  step(
    'haiilo.create_api_client',
    'haiilo',
    bilingual({
      en: {
        title: 'Create an API client pair',
        path: ['API clients', 'Create'],
        text: 'On the directory’s {{API clients}} tab, create a new client pair.',
      },
      de: {
        title: 'Ein API-Client-Paar erstellen',
        path: ['{{?API-Clients}}', '{{?Erstellen}}'],
        text: 'Erstellen Sie auf dieser Registerkarte des Verzeichnisses ein neues Client-Paar.',
      },
    }),
  ),
  step(
    'haiilo.copy_credentials',
    'haiilo',
    bilingual({
      en: {
        title: 'Copy the Client ID and Client Secret',
        text: 'Paste both into the fields on this page. The secret appears once the pair is saved, and only that one time.',
      },
      de: {
        title: 'Client ID und Client Secret kopieren',
        text: 'Haiilo zeigt sie als {{?Client ID}} und {{?Client Secret}}. Fügen Sie beide in die Felder auf dieser Seite ein. Das Secret erscheint, sobald das Paar gespeichert ist, und nur dieses eine Mal.',
      },
    }),
  ),
  step(
    'haiilo.save_directory',
    'haiilo',
    bilingual({
      en: {
        title: 'Save the user directory',
        text: 'Choose {{Save}}, so the directory and its API client are kept.',
      },
      de: {
        title: 'Das Benutzerverzeichnis speichern',
        text: 'Wählen Sie {{?Speichern}}, damit das Verzeichnis und sein API-Client erhalten bleiben.',
      },
    }),
  ),
];

export const PHASE2_STEPS: GuideStep[] = [
  step(
    'pingone.open_provisioning',
    'pingone',
    bilingual({
      en: {
        title: 'Open provisioning in PingOne',
        path: ['Integrations', 'Provisioning'],
        text: 'Sign in to the PingOne admin console with admin rights on the environment that holds your users.',
      },
      de: {
        title: 'Die Provisionierung in PingOne öffnen',
        path: ['Integrations', 'Provisioning'],
        text: 'Melden Sie sich in der PingOne-Administrationskonsole mit Administratorrechten für die Umgebung an, in der Ihre Benutzer liegen.',
      },
    }),
  ),
  step(
    'pingone.new_connection',
    'pingone',
    bilingual({
      en: {
        title: 'Start a new connection',
        path: ['New Connection', 'Identity Store', 'Select'],
        text: 'Choose [[New Connection]], then [[Select]] on the [[Identity Store]] line.',
      },
      de: {
        title: 'Eine neue Verbindung beginnen',
        path: ['New Connection', 'Identity Store', 'Select'],
        text: 'Wählen Sie [[New Connection]] und dann in der Zeile [[Identity Store]] die Schaltfläche [[Select]].',
      },
    }),
  ),
  step(
    'pingone.scim_outbound',
    'pingone',
    bilingual({
      en: {
        title: 'Choose the [[SCIM Outbound]] tile',
        path: ['SCIM Outbound', 'Select', 'Next'],
        text: 'Find the [[SCIM Outbound]] tile, choose [[Select]] on it, then [[Next]].',
      },
      de: {
        title: 'Die Kachel [[SCIM Outbound]] wählen',
        path: ['SCIM Outbound', 'Select', 'Next'],
        text: 'Suchen Sie die Kachel [[SCIM Outbound]], wählen Sie darauf [[Select]] und dann [[Next]].',
      },
    }),
  ),
  step(
    'pingone.name_connection',
    'pingone',
    bilingual({
      en: {
        title: 'Name the connection',
        text: 'Give the connection a name and a description, for example “Haiilo” and “Users for Haiilo via SCIM”, then choose [[Next]].',
      },
      de: {
        title: 'Die Verbindung benennen',
        text: 'Geben Sie der Verbindung einen Namen und eine Beschreibung, zum Beispiel „Haiilo“ und „Benutzer für Haiilo über SCIM“, und wählen Sie dann [[Next]].',
      },
    }),
  ),
  step(
    'pingone.authentication',
    'pingone',
    bilingual({
      en: {
        title: 'Fill in [[Configure Authentication]]',
        text: 'Copy every value below into the PingOne field with the same label, then choose [[Next]].',
      },
      de: {
        title: '[[Configure Authentication]] ausfüllen',
        text: 'Kopieren Sie jeden Wert unten in das PingOne-Feld mit derselben Bezeichnung und wählen Sie dann [[Next]].',
      },
    }),
  ),
  step(
    'pingone.preferences',
    'pingone',
    bilingual({
      en: { title: 'Review [[Configure Preferences]] and save' },
      de: { title: '[[Configure Preferences]] prüfen und speichern' },
    }),
  ),
  step(
    'pingone.enable_connection',
    'pingone',
    bilingual({
      en: {
        title: 'Switch the connection on',
        text: 'In the list of connections, turn on the toggle of the new connection.',
      },
      de: {
        title: 'Die Verbindung einschalten',
        text: 'Schalten Sie in der Liste der Verbindungen den Schalter der neuen Verbindung ein.',
      },
    }),
  ),
];

export const PHASE3_STEPS: GuideStep[] = [
  step(
    'pingone.rule_create',
    'pingone',
    bilingual({
      en: {
        title: 'Create a rule',
        path: ['Integrations', 'Provisioning', 'New Rule'],
        text: 'Enter a name that says what the rule does (for example “Haiilo users”) and choose [[Create Rule]]. Leave the rule’s toggle off: it is switched on only after the test.',
      },
      de: {
        title: 'Eine Regel erstellen',
        path: ['Integrations', 'Provisioning', 'New Rule'],
        text: 'Geben Sie einen Namen ein, der sagt, was die Regel tut (zum Beispiel „Haiilo-Benutzer“), und wählen Sie [[Create Rule]]. Lassen Sie den Schalter der Regel aus: Er wird erst nach dem Test eingeschaltet.',
      },
    }),
  ),
  step(
    'pingone.rule_connection',
    'pingone',
    bilingual({
      en: {
        title: 'Pick the connection',
        text: 'Select the Haiilo connection you created in Phase 2, then choose [[Save]].',
      },
      de: {
        title: 'Die Verbindung auswählen',
        text: 'Wählen Sie die Haiilo-Verbindung, die Sie in Phase 2 erstellt haben, und dann [[Save]].',
      },
    }),
  ),
  step(
    'pingone.rule_user_filter',
    'pingone',
    bilingual({
      en: {
        title: 'Set the [[User Filter]]',
        text: 'Choose the pen icon next to [[User Filter]]. The filter decides who gets a Haiilo account; add at least this condition, then choose [[Save]].',
      },
      de: {
        title: 'Den [[User Filter]] festlegen',
        text: 'Wählen Sie das Stiftsymbol neben [[User Filter]]. Der Filter entscheidet, wer ein Haiilo-Konto bekommt; fügen Sie mindestens diese Bedingung hinzu und wählen Sie dann [[Save]].',
      },
    }),
  ),
  step(
    'pingone.rule_attribute_mapping',
    'pingone',
    bilingual({
      en: {
        title: 'Leave [[Attribute Mapping]] as it is',
        text: 'The [[Attribute Mapping]] section needs no change for Haiilo.',
      },
      de: {
        title: '[[Attribute Mapping]] unverändert lassen',
        text: 'Der Abschnitt [[Attribute Mapping]] braucht für Haiilo keine Änderung.',
      },
    }),
  ),
  step(
    'pingone.rule_group_provisioning',
    'pingone',
    bilingual({
      en: {
        title: 'Decide on [[Group Provisioning]]',
        text: 'To bring groups and their members into Haiilo, choose the pen icon next to [[Group Provisioning]] and pick the groups. To sync users only, leave the section untouched.',
      },
      de: {
        title: 'Über [[Group Provisioning]] entscheiden',
        text: 'Um Gruppen mit ihren Mitgliedern nach Haiilo zu bringen, wählen Sie das Stiftsymbol neben [[Group Provisioning]] und dort die Gruppen. Sollen nur Benutzer synchronisiert werden, lassen Sie den Abschnitt unverändert.',
      },
    }),
  ),
];

/**
 * After the test: switching the rule on. Its id is the one Phase 3 used for the same step
 * before the test came first, so saved setups keep their tick.
 */
export const GO_LIVE_STEPS: GuideStep[] = [
  step(
    'pingone.rule_enable',
    'pingone',
    bilingual({
      en: {
        title: 'Switch the rule on',
        path: ['Integrations', 'Provisioning', 'Rules'],
        text: 'Once the test says nothing blocks PingOne, turn on the rule’s toggle. PingOne then starts provisioning by itself; nothing else to press.',
      },
      de: {
        title: 'Die Regel einschalten',
        path: ['Integrations', 'Provisioning', 'Rules'],
        text: 'Sobald der Test nichts mehr findet, was PingOne blockiert, schalten Sie den Schalter der Regel ein. PingOne provisioniert dann von selbst; sonst ist nichts zu tun.',
      },
    }),
  ),
];

export interface PhaseInfo {
  screen: WizardScreen;
  number: number;
  /** Read in the UI's language each time. */
  label: string;
  title: string;
  steps: GuideStep[];
}

function phase(
  screen: WizardScreen,
  number: number,
  steps: GuideStep[],
  words: Record<Lang, { label: string; title: string }>,
): PhaseInfo {
  return {
    screen,
    number,
    steps,
    get label() {
      return words[language.current].label;
    },
    get title() {
      return words[language.current].title;
    },
  };
}

export const PHASES: PhaseInfo[] = [
  phase(
    'phase1',
    1,
    PHASE1_STEPS,
    bilingual({
      en: { label: 'Haiilo', title: 'Haiilo: SCIM user directory' },
      de: { label: 'Haiilo', title: 'Haiilo: SCIM-Benutzerverzeichnis' },
    }),
  ),
  phase(
    'phase2',
    2,
    PHASE2_STEPS,
    bilingual({
      en: { label: 'PingOne connection', title: 'PingOne: SCIM Outbound connection' },
      de: { label: 'PingOne-Verbindung', title: 'PingOne: Verbindung „SCIM Outbound“' },
    }),
  ),
  phase(
    'phase3',
    3,
    PHASE3_STEPS,
    bilingual({
      en: { label: 'PingOne rule', title: 'PingOne: provisioning rule' },
      de: { label: 'PingOne-Regel', title: 'PingOne: Provisionierungsregel' },
    }),
  ),
  phase('test', 4, [], bilingual({
    en: { label: 'Test', title: 'Test the connection' },
    de: { label: 'Test', title: 'Die Verbindung testen' },
  })),
  phase(
    'after',
    5,
    GO_LIVE_STEPS,
    bilingual({
      en: { label: 'Go live', title: 'Switch on, then keep it running' },
      de: { label: 'Inbetriebnahme', title: 'Einschalten und in Betrieb halten' },
    }),
  ),
];

export const WIZARD_ORDER: WizardScreen[] = ['phase1', 'phase2', 'phase3', 'test', 'after'];

export function phaseInfo(screen: WizardScreen): PhaseInfo {
  return PHASES.find((p) => p.screen === screen) ?? PHASES[0];
}

/** How many of a phase's ticks are set. */
export function phaseProgress(steps: GuideStep[], done: readonly string[]): { done: number; total: number } {
  const set = new Set(done);
  return { done: steps.filter((s) => set.has(s.id)).length, total: steps.length };
}

export function phaseDone(steps: GuideStep[], done: readonly string[]): boolean {
  const p = phaseProgress(steps, done);
  return p.total > 0 && p.done === p.total;
}

/** Fallbacks for the rule, should the Rust side not send values (no valid domain yet). */
export const DEFAULT_USER_FILTER = { attribute: 'Enabled', operator: 'Equals', value: 'true' } as const;
