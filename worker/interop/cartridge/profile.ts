/**
 * The two Common Cartridge versions Cascade writes. The content is the same; only the names
 * differ. 1.3 is the current one (Canvas, Brightspace, Blackboard, Sakai import it). 1.1 is
 * there because Moodle's course restore only recognises cartridges 1.0 and 1.1 by their
 * manifest namespace (backup/converter/imscc1 and imscc11); see docs/interop.md.
 */
export const CC_VERSIONS = ['1.3', '1.1'] as const;
export type CcVersion = (typeof CC_VERSIONS)[number];

export interface Profile {
  version: CcVersion;
  schemaVersion: string;
  namespaces: { cp: string; lom: string; lomimscc: string };
  schemaLocation: string;
  types: { webcontent: 'webcontent'; assessment: string; questionBank: string };
  /** The vocabulary source of `intendedEndUserRole` in this version. */
  roles: string;
  /** The QTI 1.2.1 schema as profiled for this version. */
  qtiSchemaLocation: string;
}

const XSD = 'http://www.imsglobal.org/profile/cc';

function profile(version: CcVersion): Profile {
  const v = version === '1.3' ? 'v1p3' : 'v1p1';
  const cp = `http://www.imsglobal.org/xsd/imscc${v}/imscp_v1p1`;
  const lom = `http://ltsc.ieee.org/xsd/imscc${v}/LOM/resource`;
  const lomimscc = `http://ltsc.ieee.org/xsd/imscc${v}/LOM/manifest`;
  return {
    version,
    schemaVersion: `${version}.0`,
    namespaces: { cp, lom, lomimscc },
    schemaLocation: [
      cp,
      `${XSD}/cc${v}/cc${v}_imscp_v1p2_v1p0.xsd`,
      lom,
      `${XSD}/cc${v}/LOM/cc${v}_lomresource_v1p0.xsd`,
      lomimscc,
      `${XSD}/cc${v}/LOM/cc${v}_lommanifest_v1p0.xsd`,
    ].join(' '),
    types: {
      webcontent: 'webcontent',
      assessment: `imsqti_xmlv1p2/imscc_xml${v}/assessment`,
      questionBank: `imsqti_xmlv1p2/imscc_xml${v}/question-bank`,
    },
    roles: version === '1.3' ? 'IMSGLC_CC_Rolesv1p2' : 'IMSGLC_CC_Rolesv1p1',
    qtiSchemaLocation: `http://www.imsglobal.org/xsd/ims_qtiasiv1p2 ${XSD}/cc${v}/cc${v}_qtiasiv1p2p1_v1p0.xsd`,
  };
}

export const PROFILES: Record<CcVersion, Profile> = { '1.3': profile('1.3'), '1.1': profile('1.1') };

export const QTI_NAMESPACE = 'http://www.imsglobal.org/xsd/ims_qtiasiv1p2';
export const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';
