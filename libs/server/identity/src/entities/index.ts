import { ApiKey } from './api-key.entity';
import { Session } from './session.entity';
import { User } from './user.entity';
import { WorkspaceMember } from './workspace-member.entity';
import { Workspace } from './workspace.entity';

export { ApiKey, Session, User, Workspace, WorkspaceMember };
export type { MemberRole } from './workspace-member.entity';
export type { WorkspacePlan } from './workspace.entity';
export const identityEntities = [Workspace, User, WorkspaceMember, Session, ApiKey];
