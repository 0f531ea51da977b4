import { describe, expect, it } from 'vitest';
import { demandLinkFor, readSearchParams, writeSearchParams } from './searchParams.ts';
import { safeNext } from '../login/safeNext.ts';

describe('search state in the URL', () => {
  it('reads known parameters and ignores the rest', () => {
    const params = new URLSearchParams('q=户籍&page=3&scope=mine&shareType=conditional&departmentId=d1&evil=1&scope2=x');
    expect(readSearchParams(params)).toEqual({ q: '户籍', page: 3, scope: 'mine', shareType: 'conditional', departmentId: 'd1' });
  });

  it('drops invalid pages and scopes', () => {
    expect(readSearchParams(new URLSearchParams('page=0&scope=everything'))).toEqual({});
    expect(readSearchParams(new URLSearchParams('page=abc'))).toEqual({});
  });

  it('writes a minimal URL that reads back the same', () => {
    const search = { q: '人口', page: 1, scope: 'published' as const, domain: 'civil_affairs' };
    const written = writeSearchParams(search);
    expect(written.toString()).toBe(`q=${encodeURIComponent('人口')}&domain=civil_affairs`);
    expect(readSearchParams(written)).toEqual({ q: '人口', domain: 'civil_affairs' });
  });
});

describe('login redirect', () => {
  it('follows only same-site paths', () => {
    expect(safeNext('/catalog/abc?x=1')).toBe('/catalog/abc?x=1');
    expect(safeNext('//evil.example.com')).toBe('/catalog');
    expect(safeNext('https://evil.example.com')).toBe('/catalog');
    expect(safeNext('/login')).toBe('/catalog');
    expect(safeNext(null)).toBe('/catalog');
  });
});

describe('demandLinkFor', () => {
  it('opens a new data demand with the query as its title', () => {
    expect(demandLinkFor(' 残疾人证 ')).toBe('/sharing/demands?new=1&title=%E6%AE%8B%E7%96%BE%E4%BA%BA%E8%AF%81');
    expect(demandLinkFor(undefined)).toBe('/sharing/demands?new=1');
  });
});
