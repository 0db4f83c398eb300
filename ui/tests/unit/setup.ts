import '@testing-library/jest-dom/vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, vi } from 'vitest';
import { forgetAllRuns } from '../../src/lib/session.svelte';

afterEach(() => {
  clearMocks();
  vi.useRealTimers();
  forgetAllRuns();
});
