// Virtual MFA devices: CreateVirtualMFADevice (the TOTP seed, shown once), EnableMFADevice (two consecutive codes),
// ResyncMFADevice, ListMFADevices, ListVirtualMFADevices, DeactivateMFADevice, DeleteVirtualMFADevice, and the devices'
// tags (TagMFADevice, UntagMFADevice, ListMFADeviceTags). GetMFADevice answers for FIDO security keys only, which Sift
// does not have, so it stays NotImplemented.
import type { RequestContext } from '../../../common/index.js';
import type { IamApi } from '../../../models/iam/index.js';
import { errors } from '../../../models/iam/index.js';
import type { MfaDevice, MfaDevices, PrincipalKind } from '../../../iam/index.js';
import { page } from '../paging.js';
import { initialTags, wholeListTags } from './tags.js';

export interface MfaOpsDeps {
  mfa: MfaDevices;
  entity(ctx: RequestContext, kind: PrincipalKind, name: string | undefined): Promise<{ name: string }>;
}

export function mfaOps(deps: MfaOpsDeps) {
  const { mfa } = deps;
  /** A virtual MFA device of the caller's account. */
  const noDevice = (serialNumber: string) => new errors.NoSuchEntityException(`The MFA device with serial number ${serialNumber} cannot be found.`);
  const deviceOf = async (ctx: RequestContext, serialNumber: string): Promise<MfaDevice> => {
    const device = await mfa.get(serialNumber);
    if (!device || device.accountId !== ctx.accountId) throw noDevice(serialNumber);
    return device;
  };
  const tags = wholeListTags<RequestContext>({ find: deviceOf, change: (_ctx, serial, change) => mfa.changeTags(serial, change), missing: noDevice });
  return {
    async createVirtualMFADevice(ctx, input) {
      const device = await mfa.create(ctx.accountId, input.VirtualMFADeviceName, input.Path ?? '/', initialTags(input.Tags));
      if (!device) throw new errors.EntityAlreadyExistsException('MFADevice entity at the same path and name already exists.');
      // No QR code image: the seed is what authenticator apps need (QRCodePNG is optional in the model).
      return {
        VirtualMFADevice: {
          SerialNumber: device.serialNumber,
          Base32StringSeed: Buffer.from(device.seed, 'ascii'),
          ...(device.tags.length ? { Tags: device.tags } : {}),
        },
      };
    },
    async resyncMFADevice(ctx, input) {
      const user = await deps.entity(ctx, 'user', input.UserName);
      const result = await mfa.resync(input.SerialNumber, ctx.accountId, user.name, input.AuthenticationCode1, input.AuthenticationCode2);
      if (result === 'not-associated') throw new errors.NoSuchEntityException(`MFA Device with serial number ${input.SerialNumber} does not exist.`);
      if (result === 'invalid-code') throw new errors.InvalidAuthenticationCodeException('Authentication code for device is not valid.');
    },
    async tagMFADevice(ctx, input) {
      await tags.tag(ctx, input.SerialNumber, input.Tags);
    },
    async untagMFADevice(ctx, input) {
      await tags.untag(ctx, input.SerialNumber, input.TagKeys);
    },
    async listMFADeviceTags(ctx, input) {
      return tags.page(ctx, input.SerialNumber, input.Marker, input.MaxItems);
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
