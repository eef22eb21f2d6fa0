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
 * <p>Every access is a single load or store of the register's declared width with volatile
 * semantics.
 */
package corral.regdsl.access;
