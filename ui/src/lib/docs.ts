// The PingOne and Haiilo documentation pages the guide points to, opened in the browser
// through `open_link` (whose allow-list holds docs.pingidentity.com and support.haiilo.com).
// Addresses as the publishers give them; the titles are the pages' own, in the pages' language
// (English: PingOne documents in English only, and these Haiilo articles are the English
// ones), so they stay as they are in the German UI and are marked with `lang`.

export interface DocLink {
  id: string;
  /** The page's title, as its site shows it. */
  title: string;
  url: string;
  site: 'PingOne' | 'Haiilo';
  /** The page's language: its title is shown in it, marked for screen readers. */
  lang: 'en';
}

export const DOCS = {
  viewSyncStatus: {
    id: 'view_sync_status',
    title: 'Viewing sync status',
    url: 'https://docs.pingidentity.com/pingone/integrations/p1_view_sync_status.html',
    site: 'PingOne',
    lang: 'en',
  },
  syncStatus: {
    id: 'sync_status',
    title: 'Sync status',
    url: 'https://docs.pingidentity.com/pingone/integrations/p1_provisioning_sync_status.html',
    site: 'PingOne',
    lang: 'en',
  },
  resync: {
    id: 'resync',
    title: 'Provisioning configuration change resync behavior',
    url: 'https://docs.pingidentity.com/pingone/integrations/p1_resync_configurations.html',
    site: 'PingOne',
    lang: 'en',
  },
  syncSummaryExamples: {
    id: 'sync_summary_examples',
    title: 'Outbound provisioning sync summary examples',
    url: 'https://docs.pingidentity.com/pingone/integrations/p1_outbound_group_provisioning_sync_summary_examples.html',
    site: 'PingOne',
    lang: 'en',
  },
  groupProvisioning: {
    id: 'group_provisioning',
    title: 'Configuring outbound group provisioning',
    url: 'https://docs.pingidentity.com/pingone/integrations/p1_provisioning_configuring_outbound_group_provisioning.html',
    site: 'PingOne',
    lang: 'en',
  },
  scimFeatures: {
    id: 'scim_features',
    title: 'SCIM provisioning features',
    url: 'https://docs.pingidentity.com/pingone/integrations/p1_scim_provisioning_features.html',
    site: 'PingOne',
    lang: 'en',
  },
  haiiloScim: {
    id: 'haiilo_scim',
    title: 'User directory: SCIM',
    url: 'https://support.haiilo.com/hc/en-us/articles/27893961511954',
    site: 'Haiilo',
    lang: 'en',
  },
  haiiloPing: {
    id: 'haiilo_ping',
    title: 'Setting up SCIM on Ping Identity',
    url: 'https://support.haiilo.com/hc/en-us/articles/30493860969874',
    site: 'Haiilo',
    lang: 'en',
  },
  haiiloStatuses: {
    id: 'haiilo_statuses',
    title: 'Understanding account statuses',
    url: 'https://support.haiilo.com/hc/en-us/articles/360006268839',
    site: 'Haiilo',
    lang: 'en',
  },
} as const satisfies Record<string, DocLink>;

export const ALL_DOCS: DocLink[] = Object.values(DOCS);
