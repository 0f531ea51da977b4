import { useMemo, useState } from 'react';
import { Alert, Card, Col, Form, Input, Radio, Row, Select, Switch, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Department } from '@huitong/contracts';
import { DOMAINS, FORMAT_CATEGORIES, OPEN_TYPES, PROVISION_METHODS, SHARE_METHOD_TYPES, SHARE_MODES, SHARE_TYPES, UPDATE_CYCLES } from '@huitong/contracts';
import { useCatalogSearch } from '../../api/catalog.ts';
import { organisationOf, useDepartments } from '../../api/departments.ts';
import { DepartmentTreeSelect } from '../../components/DepartmentTreeSelect.tsx';
import { useCodes } from '../../i18n/codes.ts';
import { useSession } from '../../app/session.ts';
import { ClassCodeSelect } from './ClassCodeSelect.tsx';
import { ItemTableEditor } from './ItemTableEditor.tsx';
import { allowedOpenTypes, consistencyPatch, FORMAT_PROVISION_METHODS, FORMAT_SHARE_METHODS, legalBasisRequired, type ContentFormValues } from './contentForm.ts';

/** The own organisation's departmental class (3 + its class code), once the department list is known. */
export function ownDepartmentClassOf(departments: Department[] | undefined, organisationId: string): string | null {
  const organisation = departments ? organisationOf(departments, organisationId) : undefined;
  return organisation?.classCode ? `3${organisation.classCode}` : null;
}

/** The form's `onValuesChange`: keeps dependent fields consistent with the one that changed. */
export function keepContentConsistent(form: FormInstance<ContentFormValues>, changed: Partial<ContentFormValues>, all: ContentFormValues): void {
  const patch = consistencyPatch(changed, all);
  if (Object.keys(patch).length > 0) form.setFieldsValue(patch);
}

function RelatedCodesSelect({ value, onChange, id }: { value?: string[]; onChange?: (value: string[]) => void; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const search = useCatalogSearch({ q: q || undefined, pageSize: 20 });
  return (
    <Select
      id={id}
      mode="tags"
      value={value}
      onChange={onChange}
      onSearch={setQ}
      filterOption={false}
      tokenSeparators={[',', ' ', '，']}
      placeholder={t('edit.relatedPlaceholder')}
      options={(search.data?.items ?? []).map((e) => ({ value: e.resourceCode, label: `${e.resourceCode} ${e.name}` }))}
    />
  );
}

/**
 * Every `CatalogContent` field of the catalog editor — basic information, format and update,
 * sharing and opening, and the item table — inside the caller's `<Form>`. Used by 编制目录 and by
 * the answer to a demand, which registers the demanded data as a catalog draft.
 */
export function CatalogContentFields({ form }: { form: FormInstance<ContentFormValues> }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const me = useSession();
  const departments = useDepartments();
  const ownDepartmentClass = ownDepartmentClassOf(departments.data, me.organisationId);
  const internalUnits = useMemo(
    () => (departments.data ?? []).filter((d) => d.kind === 'internal_unit' && organisationOf(departments.data ?? [], d.id)?.id === me.organisationId),
    [departments.data, me.organisationId],
  );
  const shareType = Form.useWatch('shareType', form) ?? 'unconditional';
  const openType = Form.useWatch('openType', form) ?? 'none';
  const formatCategory = Form.useWatch('formatCategory', form) ?? 'spreadsheet';
  const dedicated = Form.useWatch('dedicated', form) ?? false;

  return (
    <>
        <Card title={t('detail.section.basic')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="name" label={t('fields.name')} rules={[{ required: true, min: 2, message: t('edit.nameRequired') }]}>
                <Input maxLength={200} showCount data-testid="field-name" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="classCode" label={t('fields.classCode')} rules={[{ required: true, message: t('edit.required') }]} extra={t('edit.classHint', { code: ownDepartmentClass ?? '3xx' })}>
                <ClassCodeSelect ownDepartmentClass={ownDepartmentClass} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="internalUnitId" label={t('fields.internalUnitId')}>
                <Select allowClear placeholder={t('edit.internalUnitPlaceholder')} options={internalUnits.map((d) => ({ value: d.id, label: d.name }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="domain" label={t('fields.domain')} rules={[{ required: true }]}>
                <Select showSearch optionFilterProp="label" options={codes.options(DOMAINS)} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="abstract" label={t('fields.abstract')} rules={[{ required: true, message: t('edit.required') }]}>
                <Input.TextArea rows={3} maxLength={2000} showCount data-testid="field-abstract" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="keywords" label={t('fields.keywords')} extra={t('edit.keywordsHint')}>
                <Select mode="tags" tokenSeparators={[',', '，', ' ']} maxCount={20} open={false} suffixIcon={null} />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title={t('detail.section.format')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="formatCategory" label={t('fields.formatCategory')} rules={[{ required: true }]}>
                <Select options={codes.options(FORMAT_CATEGORIES)} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="formatType" label={t('fields.formatType')} rules={[{ required: true, message: t('edit.required') }]} extra={t('edit.formatTypeHint')}>
                <Input maxLength={50} data-testid="field-formatType" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="updateCycle" label={t('fields.updateCycle')} rules={[{ required: true }]}>
                <Select options={codes.options(UPDATE_CYCLES)} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="shareMethodType" label={t('fields.shareMethodType')} rules={[{ required: true }]} extra={t('edit.formatConstrains')}>
                <Select options={codes.options(SHARE_METHOD_TYPES, FORMAT_SHARE_METHODS[formatCategory])} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="provisionMethod" label={t('fields.provisionMethod')} rules={[{ required: true }]}>
                <Select options={codes.options(PROVISION_METHODS, FORMAT_PROVISION_METHODS[formatCategory])} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="timeliness" label={t('fields.timeliness')}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title={t('detail.section.sharing')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="shareType" label={t('fields.shareType')} rules={[{ required: true }]} extra={t('edit.shareTypeHint')}>
                <Radio.Group optionType="button" options={codes.options(SHARE_TYPES)} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="shareModes" label={t('fields.shareModes')} rules={[{ required: shareType !== 'none', message: t('edit.shareModesRequired') }]}>
                <Select mode="multiple" disabled={shareType === 'none'} options={codes.options(SHARE_MODES)} />
              </Form.Item>
            </Col>
            {shareType === 'conditional' && (
              <Col span={24}>
                <Form.Item name="shareConditions" label={t('fields.shareConditions')} rules={[{ required: true, message: t('edit.shareConditionsRequired') }]}>
                  <Input.TextArea rows={2} maxLength={1000} showCount />
                </Form.Item>
              </Col>
            )}
            <Col span={24}>
              <Form.Item name="legalBasis" label={t('fields.legalBasis')} required={legalBasisRequired(shareType)} extra={legalBasisRequired(shareType) ? t('edit.legalBasisHint') : undefined}>
                <Input.TextArea rows={2} maxLength={2000} showCount />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="openType" label={t('fields.openType')} rules={[{ required: true }]} extra={shareType !== 'unconditional' ? t('edit.openTypeHint') : undefined}>
                <Radio.Group optionType="button" options={codes.options(OPEN_TYPES, allowedOpenTypes(shareType))} />
              </Form.Item>
            </Col>
            {openType === 'conditional' && (
              <Col xs={24} md={12}>
                <Form.Item name="openConditions" label={t('fields.openConditions')} rules={[{ required: true, message: t('edit.openConditionsRequired') }]}>
                  <Input.TextArea rows={2} maxLength={1000} showCount />
                </Form.Item>
              </Col>
            )}
            {openType !== 'none' && (
              <Col span={24}>
                <Form.Item name="openLegalBasis" label={t('fields.openLegalBasis')}>
                  <Input.TextArea rows={2} maxLength={2000} showCount />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={6}>
              <Form.Item name="dedicated" label={t('fields.dedicated')} valuePropName="checked" extra={t('edit.dedicatedHint')}>
                <Switch disabled={shareType === 'none'} />
              </Form.Item>
            </Col>
            {dedicated && (
              <Col xs={24} md={18}>
                <Form.Item name="dedicatedDepartmentIds" label={t('fields.dedicatedDepartmentIds')} rules={[{ required: true, message: t('edit.dedicatedRequired') }]}>
                  <DepartmentTreeSelect multiple selectable={(d) => d.id !== me.organisationId && d.kind !== 'internal_unit' && d.active} />
                </Form.Item>
              </Col>
            )}
            <Col span={24}>
              <Form.Item name="relatedResourceCodes" label={t('fields.relatedResourceCodes')}>
                <RelatedCodesSelect />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title={t('edit.itemsTitle')} style={{ marginBottom: 16 }} extra={<Typography.Text type="secondary">{t('edit.itemsHint')}</Typography.Text>}>
          {openType !== 'none' && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('edit.maskingHint')} />}
          <ItemTableEditor form={form} shareType={shareType} />
        </Card>

    </>
  );
}
