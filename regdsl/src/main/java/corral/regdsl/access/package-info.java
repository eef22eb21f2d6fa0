/**
 * The access rights of a register, as types. A generated register accessor implements exactly the
 * interfaces its description allows, so misuse does not compile:
 *
 * <pre>
 *                 read()   take()   write(..)  modify(..)  ack(..)
 * ro               yes
 * ro rc/rse                 yes
 * wo                                  yes
 * rw               yes                yes        yes
 * rw rc/rse                 yes       yes
 * rw, all w1c      yes                                      yes
 * rw trigger       yes                yes
 * </pre>
 *
 * <p>Registers with {@code reserved ... preserve} bits (which must be written back as read) get
 * only the operations that start from a read: {@code write(value)} ({@link
 * corral.regdsl.access.Rewritable}), {@code modify}, and {@code ack(seen)} ({@link
 * corral.regdsl.access.Acknowledging}); never {@code write(change)} from the reset value nor {@code
 * ack(select)} ({@link corral.regdsl.access.SelectiveAcknowledging}). The checker refuses {@code
 * preserve} where a read has side effects or is impossible.
 *
 * <p>Every access is a single load or store of the register's declared width with volatile
 * semantics.
 */
package corral.regdsl.access;
