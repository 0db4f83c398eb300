// The walkthrough: every step the admin takes in Haiilo and PingOne, with the exact menu
// and field names. Step ids are saved in `done_steps`; never rename one once shipped.

export type Screen = 'start' | 'phase1' | 'phase2' | 'phase3' | 'test' | 'after';
export type WizardScreen = Exclude<Screen, 'start'>;

export interface GuideStep {
  id: string;
  title: string;
  /** Menu path to click through, shown as breadcrumbs (exact names). */
  path?: string[];
  text?: string;
}

export const PHASE1_STEPS: GuideStep[] = [
  {
    id: 'haiilo.open_directories',
    title: 'Open the user directories',
    path: ['Administration', 'User directories'],
    text: 'Sign in to Haiilo with an account that holds the “Manage user directories” permission.',
  },
  {
    id: 'haiilo.create_directory',
    title: 'Create a SCIM user directory',
    path: ['Create user directory'],
    text: 'Enter a name you will recognise later (for example “PingOne”) and choose the type SCIM.',
  },
  {
    id: 'haiilo.activate_directory',
    title: 'Activate the directory',
    text: 'Switch the new directory to active. An inactive directory turns PingOne away.',
  },
  {
    id: 'haiilo.create_api_client',
    title: 'Create an API client pair',
    path: ['API clients', 'Create'],
    text: 'On the directory’s API clients tab, create a new client pair.',
  },
  {
    id: 'haiilo.copy_credentials',
    title: 'Copy the Client ID and Client Secret',
    text: 'Paste both into the fields on this page. The secret appears once the pair is saved, and only that one time.',
  },
  {
    id: 'haiilo.save_directory',
    title: 'Save the user directory',
    text: 'Choose Save, so the directory and its API client are kept.',
  },
];

export const PHASE2_STEPS: GuideStep[] = [
  {
    id: 'pingone.open_provisioning',
    title: 'Open provisioning in PingOne',
    path: ['Integrations', 'Provisioning'],
    text: 'Sign in to the PingOne admin console with admin rights on the environment that holds your users.',
  },
  {
    id: 'pingone.new_connection',
    title: 'Start a new connection',
    path: ['New Connection', 'Identity Store', 'Select'],
    text: 'Choose New Connection, then Select on the Identity Store line.',
  },
  {
    id: 'pingone.scim_outbound',
    title: 'Choose the SCIM Outbound tile',
    path: ['SCIM Outbound', 'Select', 'Next'],
    text: 'Find the SCIM Outbound tile, choose Select on it, then Next.',
  },
  {
    id: 'pingone.name_connection',
    title: 'Name the connection',
    text: 'Give the connection a name and a description, for example “Haiilo” and “Users for Haiilo via SCIM”, then choose Next.',
  },
  {
    id: 'pingone.authentication',
    title: 'Fill in Configure Authentication',
    text: 'Copy every value below into the PingOne field with the same label, then choose Next.',
  },
  {
    id: 'pingone.preferences',
    title: 'Review Configure Preferences and save',
  },
  {
    id: 'pingone.enable_connection',
    title: 'Switch the connection on',
    text: 'In the list of connections, turn on the toggle of the new connection.',
  },
];

export const PHASE3_STEPS: GuideStep[] = [
  {
    id: 'pingone.rule_create',
    title: 'Create a rule',
    path: ['Integrations', 'Provisioning', 'New Rule'],
    text: 'Enter a name that says what the rule does (for example “Haiilo users”) and choose Create Rule. Leave the rule’s toggle off: it is switched on only after the test.',
  },
  {
    id: 'pingone.rule_connection',
    title: 'Pick the connection',
    text: 'Select the Haiilo connection you created in Phase 2, then choose Save.',
  },
  {
    id: 'pingone.rule_user_filter',
    title: 'Set the User Filter',
    text: 'Choose the pen icon next to User Filter. The filter decides who gets a Haiilo account; add at least this condition, then choose Save.',
  },
  {
    id: 'pingone.rule_attribute_mapping',
    title: 'Leave Attribute Mapping as it is',
    text: 'The Attribute Mapping section needs no change for Haiilo.',
  },
  {
    id: 'pingone.rule_group_provisioning',
    title: 'Decide on Group Provisioning',
    text: 'To bring groups and their members into Haiilo, choose the pen icon next to Group Provisioning and pick the groups. To sync users only, leave the section untouched.',
  },
];

/**
 * After the test: switching the rule on. Its id is the one Phase 3 used for the same step
 * before the test came first, so saved setups keep their tick.
 */
export const GO_LIVE_STEPS: GuideStep[] = [
  {
    id: 'pingone.rule_enable',
    title: 'Switch the rule on',
    path: ['Integrations', 'Provisioning', 'Rules'],
    text: 'Once the test says nothing blocks PingOne, turn on the rule’s toggle. PingOne then starts provisioning by itself; nothing else to press.',
  },
];

export interface PhaseInfo {
  screen: WizardScreen;
  number: number;
  label: string;
  title: string;
  steps: GuideStep[];
}

export const PHASES: PhaseInfo[] = [
  { screen: 'phase1', number: 1, label: 'Haiilo', title: 'Haiilo: SCIM user directory', steps: PHASE1_STEPS },
  { screen: 'phase2', number: 2, label: 'PingOne connection', title: 'PingOne: SCIM Outbound connection', steps: PHASE2_STEPS },
  { screen: 'phase3', number: 3, label: 'PingOne rule', title: 'PingOne: provisioning rule', steps: PHASE3_STEPS },
  { screen: 'test', number: 4, label: 'Test', title: 'Test the connection', steps: [] },
  { screen: 'after', number: 5, label: 'Go live', title: 'Switch on, then keep it running', steps: GO_LIVE_STEPS },
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
