import { describe, expect, it } from 'vitest';
import { APPLICATION_STATES, GRANT_STATUSES } from '@huitong/contracts';
import { APPLICATION_STATE_COLORS, applicationStateColor, consoleLink, GRANT_STATUS_COLORS, isGrantInactive, notificationSubject, parseHistoryAction, stepDisplayStatus } from './sharingStatus.ts';

describe('application and grant colouring', () => {
  it('has a colour for every application state and grant status of the contracts', () => {
    expect(Object.keys(APPLICATION_STATE_COLORS).sort()).toEqual(APPLICATION_STATES.map((s) => s.code).sort());
    expect(Object.keys(GRANT_STATUS_COLORS).sort()).toEqual(GRANT_STATUSES.map((s) => s.code).sort());
  });

  it('colours grants: in force green, not started blue, expired orange, revoked red', () => {
    expect(GRANT_STATUS_COLORS.active).toBe('success');
    expect(GRANT_STATUS_COLORS.pending).toBe('processing');
    expect(GRANT_STATUS_COLORS.expired).toBe('warning');
    expect(GRANT_STATUS_COLORS.revoked).toBe('error');
  });

  it('colours application outcomes and falls back for states it does not know', () => {
    expect(applicationStateColor('approved')).toBe('success');
    expect(applicationStateColor('rejected')).toBe('error');
    expect(applicationStateColor('provider_review')).toBe('processing');
    expect(applicationStateColor('archived')).toBe('default');
  });

  it('treats expired and revoked grants as no longer in force', () => {
    expect(isGrantInactive('revoked')).toBe(true);
    expect(isGrantInactive('expired')).toBe(true);
    expect(isGrantInactive('active')).toBe(false);
    expect(isGrantInactive('pending')).toBe(false);
  });

  it('maps step states onto the timeline', () => {
    expect(stepDisplayStatus('approved', false)).toBe('finish');
    expect(stepDisplayStatus('rejected', false)).toBe('error');
    expect(stepDisplayStatus('pending', false)).toBe('process');
    expect(stepDisplayStatus('pending', true)).toBe('error');
    expect(stepDisplayStatus('cancelled', false)).toBe('wait');
  });
});

describe('application history', () => {
  it('reads the recorded actions, with the step of a decision', () => {
    expect(parseHistoryAction('approve:provider_review')).toEqual({ verb: 'approve', step: 'provider_review', raw: 'approve:provider_review' });
    expect(parseHistoryAction('reject:coordination')).toMatchObject({ verb: 'reject', step: 'coordination' });
    expect(parseHistoryAction('upload-letter')).toMatchObject({ verb: 'upload-letter', step: null });
    expect(parseHistoryAction('submit')).toMatchObject({ verb: 'submit', step: null });
  });

  it('keeps actions it does not know as they are', () => {
    expect(parseHistoryAction('archive')).toEqual({ verb: null, step: null, raw: 'archive' });
    expect(parseHistoryAction('submit:extra')).toMatchObject({ verb: 'submit', step: null });
  });
});

describe('notifications', () => {
  it('groups kinds by subject', () => {
    expect(notificationSubject('application.step_assigned')).toBe('application');
    expect(notificationSubject('grant.revoked')).toBe('grant');
    expect(notificationSubject('catalog.change_notice')).toBe('catalog');
    expect(notificationSubject('delegation.created')).toBe('delegation');
    expect(notificationSubject('system.maintenance')).toBe('other');
  });

  it('follows only links inside the console', () => {
    expect(consoleLink('/sharing/applications/3f1c')).toBe('/sharing/applications/3f1c');
    expect(consoleLink('/sharing/review?box=provider')).toBe('/sharing/review?box=provider');
    expect(consoleLink('https://evil.example/')).toBeNull();
    expect(consoleLink('//evil.example/')).toBeNull();
    expect(consoleLink('/\\evil.example')).toBeNull();
    expect(consoleLink(null)).toBeNull();
    expect(consoleLink('')).toBeNull();
  });
});
