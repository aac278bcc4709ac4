import type { JumdataEndpoint } from '../jumdata/wire.js';
import type { EndpointHandler } from './endpoint.js';
import { blueQuery, blueSubmit } from './routes/blue.js';
import { confirmationConfirm, confirmationDetailEndpoint, confirmationQuery } from './routes/confirmation.js';
import { downloadPage } from './routes/download.js';
import { authQrcode, authResult, authStatus } from './routes/face-auth.js';
import { loginStatus, loginSubmit, loginToken, loginVerify } from './routes/login.js';
import { redQuery, redResult, redSubmit } from './routes/red.js';

/** One handler for every path of the shared table: a path added to JUMDATA_PATHS without one fails to compile. */
export const ENDPOINT_HANDLERS: Record<JumdataEndpoint, EndpointHandler> = {
  loginSubmit,
  loginVerify,
  loginStatus,
  loginToken,
  authQrcode,
  authResult,
  authStatus,
  blueSubmit,
  blueQuery,
  redSubmit,
  redResult,
  redQuery,
  confirmationQuery,
  confirmationDetail: confirmationDetailEndpoint,
  confirmationConfirm,
  downloadPage,
};
