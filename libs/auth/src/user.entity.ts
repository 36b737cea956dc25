import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AuthUser, Role } from '@gridflow/domain';

@Entity({ name: 'app_user' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  username: string;

  @Column({ type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'text' })
  displayName: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ type: 'text' })
  scopeCode: string;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  /** 职能部门人员: their department (set exactly for role department_staff; a CHECK says so). */
  @Column({ type: 'text', nullable: true })
  departmentCode: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** Bumped when a password is reset or the account disabled: older tokens stop working. */
  @Column({ type: 'integer', default: 0 })
  tokenVersion: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** The public shape of a user (API.md `user`), plus admin-facing fields. */
export function toUserView(u: User) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    scopeCode: u.scopeCode,
    departmentCode: u.departmentCode ?? null,
    phone: u.phone,
    disabled: u.disabledAt !== null,
    createdAt: u.createdAt,
  };
}

export function toAuthUser(u: User): AuthUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    scopeCode: u.scopeCode,
    departmentCode: u.departmentCode ?? null,
  };
}
