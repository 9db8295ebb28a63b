// Virtual MFA devices: CreateVirtualMFADevice (the TOTP seed, shown once), EnableMFADevice (two consecutive codes),
// ListMFADevices, ListVirtualMFADevices, DeactivateMFADevice and DeleteVirtualMFADevice.
import { ServiceError, type RequestContext } from '../../../common/index.js';
import type { IamApi } from '../../../models/iam/index.js';
import { errors } from '../../../models/iam/index.js';
import type { MfaDevices, PrincipalKind } from '../../../iam/index.js';
import { page } from '../paging.js';

export interface MfaOpsDeps {
  mfa: MfaDevices;
  entity(ctx: RequestContext, kind: PrincipalKind, name: string | undefined): Promise<{ name: string }>;
}

export function mfaOps(deps: MfaOpsDeps) {
  const { mfa } = deps;
  return {
    async createVirtualMFADevice(ctx, input) {
      if (input.Tags?.length) throw new ServiceError('NotImplemented', 'Sift does not implement tags on MFA devices yet.', 501, 'server');
      const device = await mfa.create(ctx.accountId, input.VirtualMFADeviceName, input.Path ?? '/');
      if (!device) throw new errors.EntityAlreadyExistsException('MFADevice entity at the same path and name already exists.');
      // No QR code image: the seed is what authenticator apps need (QRCodePNG is optional in the model).
      return { VirtualMFADevice: { SerialNumber: device.serialNumber, Base32StringSeed: Buffer.from(device.seed, 'ascii') } };
    },
    async enableMFADevice(ctx, input) {
      const user = await deps.entity(ctx, 'user', input.UserName);
      const device = await mfa.get(input.SerialNumber);
      if (!device || device.accountId !== ctx.accountId) throw new errors.NoSuchEntityException(`VirtualMFADevice with serial number ${input.SerialNumber} doesn't exist.`);
      if ((await mfa.list(ctx.accountId, { userName: user.name })).length >= 8) throw new errors.LimitExceededException('Cannot exceed quota for MFADevicesPerUser: 8');
      const result = await mfa.enable(input.SerialNumber, user.name, input.AuthenticationCode1, input.AuthenticationCode2);
      if (result === 'in-use') throw new errors.EntityAlreadyExistsException('MFA Device is already in use.');
      if (result === 'invalid-code') throw new errors.InvalidAuthenticationCodeException('Authentication code for device is not valid.');
    },
    async listMFADevices(ctx, input) {
      const user = await deps.entity(ctx, 'user', input.UserName);
      const devices = await mfa.list(ctx.accountId, { userName: user.name });
      const p = page(devices, input.Marker, input.MaxItems);
      return { MFADevices: p.slice.map((d) => ({ UserName: user.name, SerialNumber: d.serialNumber, EnableDate: d.enabledAt! })), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
    async listVirtualMFADevices(ctx, input) {
      const status = input.AssignmentStatus ?? 'Any';
      const devices = await mfa.list(ctx.accountId, status === 'Any' ? {} : { assigned: status === 'Assigned' });
      const p = page(devices, input.Marker, input.MaxItems);
      return {
        VirtualMFADevices: p.slice.map((d) => ({ SerialNumber: d.serialNumber, ...(d.enabledAt ? { EnableDate: d.enabledAt } : {}) })),
        IsTruncated: p.IsTruncated,
        Marker: p.Marker,
      };
    },
    async deactivateMFADevice(ctx, input) {
      const user = await deps.entity(ctx, 'user', input.UserName);
      if (!(await mfa.deactivate(input.SerialNumber, user.name))) throw new errors.NoSuchEntityException(`MFA Device with serial number ${input.SerialNumber} does not exist.`);
    },
    async deleteVirtualMFADevice(ctx, input) {
      const device = await mfa.get(input.SerialNumber);
      if (!device || device.accountId !== ctx.accountId) throw new errors.NoSuchEntityException(`VirtualMFADevice with serial number ${input.SerialNumber} doesn't exist.`);
      if (device.userName) throw new errors.DeleteConflictException('MFA VirtualDevice in use. Must deactivate first.');
      await mfa.delete(input.SerialNumber);
    },
  } satisfies Partial<IamApi>;
}
