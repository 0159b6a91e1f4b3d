// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title CreditRegistry — the consortium's shared ledger of credit records.
/// @notice Each member bank (issuer) writes records keyed by a pseudonymous subject key; every member reads all
/// issuers' records. Writes are batched and never revert for a stale record: it is skipped with an event, so one
/// out-of-date record cannot fail a whole batch. Membership changes need a strict majority of current members.
contract CreditRegistry {
    struct RecordInput {
        bytes32 subjectKey;
        uint16 score;
        bytes16 scoreModel;
        uint64 asOf;
        bytes32 recordHash;
        bytes32 updateId;
    }

    /// @notice One tombstone: the issuer's record of `subjectKey` is removed from current state.
    struct EraseInput {
        bytes32 subjectKey;
        bytes32 updateId;
    }

    /// @dev Field order packs score, scoreModel and asOf into one slot and recordHash into a second.
    struct Record {
        uint16 score;
        bytes16 scoreModel;
        uint64 asOf;
        bytes32 recordHash;
    }

    enum ProposalAction {
        None,
        Add,
        Remove
    }

    struct Proposal {
        ProposalAction action;
        bool executed;
        address account;
        address[] approvers;
    }

    uint8 public constant SKIP_STALE = 1;
    uint8 public constant SKIP_SAME_AS_OF = 2;

    event RecordUpserted(
        bytes32 indexed subjectKey,
        address indexed issuer,
        bytes32 indexed updateId,
        uint16 score,
        bytes16 scoreModel,
        uint64 asOf,
        bytes32 recordHash
    );
    event RecordSkipped(
        bytes32 indexed subjectKey,
        address indexed issuer,
        bytes32 indexed updateId,
        uint64 asOf,
        uint8 reason
    );
    /// @notice The caller's record of `subjectKey` was removed; `asOf` is the removed record's (0 if there was none).
    event RecordErased(bytes32 indexed subjectKey, address indexed issuer, bytes32 indexed updateId, uint64 asOf);
    event MembershipProposed(uint256 indexed proposalId, ProposalAction action, address indexed account, address indexed proposer);
    event MembershipApproved(uint256 indexed proposalId, address indexed approver, uint256 approvals, uint256 required);
    event MemberAdded(address indexed account, uint256 indexed proposalId);
    event MemberRemoved(address indexed account, uint256 indexed proposalId);

    error NotMember(address caller);
    error AlreadyMember(address account);
    error NotAMember(address account);
    error InvalidAccount(address account);
    error UnknownProposal(uint256 proposalId);
    error ProposalAlreadyExecuted(uint256 proposalId);
    error AlreadyApproved(uint256 proposalId, address approver);
    error LastMember(address account);

    mapping(bytes32 subjectKey => mapping(address issuer => Record)) private _records;
    address[] private _members;
    /// @dev 1-based index into _members; 0 = not a member.
    mapping(address account => uint256) private _memberIndex;
    /// @dev Everyone who was ever a member, so records of a removed member stay readable.
    address[] private _issuers;
    mapping(address account => bool) private _everIssuer;
    Proposal[] private _proposals;

    constructor(address[] memory foundingMembers) {
        if (foundingMembers.length == 0) revert InvalidAccount(address(0));
        for (uint256 i = 0; i < foundingMembers.length; i++) {
            _addMember(foundingMembers[i], 0);
        }
    }

    modifier onlyMember() {
        if (_memberIndex[msg.sender] == 0) revert NotMember(msg.sender);
        _;
    }

    /// @notice Writes a batch of records as the caller (a member). A record not newer than the stored one is
    /// skipped with RecordSkipped (1 = stale, 2 = same asOf); the rest of the batch is written.
    function upsertBatch(RecordInput[] calldata records) external onlyMember {
        for (uint256 i = 0; i < records.length; i++) {
            RecordInput calldata r = records[i];
            uint64 storedAsOf = _records[r.subjectKey][msg.sender].asOf;
            if (r.asOf <= storedAsOf) {
                uint8 reason = r.asOf < storedAsOf ? SKIP_STALE : SKIP_SAME_AS_OF;
                emit RecordSkipped(r.subjectKey, msg.sender, r.updateId, r.asOf, reason);
                continue;
            }
            _records[r.subjectKey][msg.sender] = Record(r.score, r.scoreModel, r.asOf, r.recordHash);
            emit RecordUpserted(r.subjectKey, msg.sender, r.updateId, r.score, r.scoreModel, r.asOf, r.recordHash);
        }
    }

    /// @notice Removes the caller's records of the given subjects from current state (a tombstone per subject, for
    /// erasure on request): getRecord then answers all zero and getRecords leaves the caller out, and a later record
    /// of any asOf is written as for a new subject. Never reverts for a subject with no record: it is erased again.
    function eraseBatch(EraseInput[] calldata erasures) external onlyMember {
        for (uint256 i = 0; i < erasures.length; i++) {
            EraseInput calldata e = erasures[i];
            uint64 asOf = _records[e.subjectKey][msg.sender].asOf;
            delete _records[e.subjectKey][msg.sender];
            emit RecordErased(e.subjectKey, msg.sender, e.updateId, asOf);
        }
    }

    /// @notice The record `issuer` holds for `subjectKey` (all zero when there is none).
    function getRecord(bytes32 subjectKey, address issuer) external view returns (Record memory) {
        return _records[subjectKey][issuer];
    }

    /// @notice Every issuer's record for `subjectKey`, including those of former members.
    function getRecords(bytes32 subjectKey) external view returns (address[] memory issuers, Record[] memory records) {
        uint256 count = 0;
        for (uint256 i = 0; i < _issuers.length; i++) {
            if (_records[subjectKey][_issuers[i]].asOf != 0) count++;
        }
        issuers = new address[](count);
        records = new Record[](count);
        uint256 j = 0;
        for (uint256 i = 0; i < _issuers.length && j < count; i++) {
            Record storage stored = _records[subjectKey][_issuers[i]];
            if (stored.asOf == 0) continue;
            issuers[j] = _issuers[i];
            records[j] = stored;
            j++;
        }
    }

    function isMember(address account) external view returns (bool) {
        return _memberIndex[account] != 0;
    }

    function members() external view returns (address[] memory) {
        return _members;
    }

    /// @notice Proposes adding (action 1) or removing (action 2) a member; the proposer's approval counts.
    function propose(ProposalAction action, address account) external onlyMember returns (uint256 proposalId) {
        if (account == address(0) || action == ProposalAction.None) revert InvalidAccount(account);
        if (action == ProposalAction.Add && _memberIndex[account] != 0) revert AlreadyMember(account);
        if (action == ProposalAction.Remove && _memberIndex[account] == 0) revert NotAMember(account);
        proposalId = _proposals.length;
        Proposal storage p = _proposals.push();
        p.action = action;
        p.account = account;
        emit MembershipProposed(proposalId, action, account, msg.sender);
        _approve(proposalId, p);
    }

    /// @notice Approves a pending proposal; it executes as soon as a strict majority of current members approve.
    function approve(uint256 proposalId) external onlyMember {
        if (proposalId >= _proposals.length) revert UnknownProposal(proposalId);
        _approve(proposalId, _proposals[proposalId]);
    }

    /// @notice A proposal's action, target, whether it executed, and its approvals by current members.
    function proposal(
        uint256 proposalId
    ) external view returns (ProposalAction action, address account, bool executed, uint256 approvals) {
        if (proposalId >= _proposals.length) revert UnknownProposal(proposalId);
        Proposal storage p = _proposals[proposalId];
        return (p.action, p.account, p.executed, _currentApprovals(p));
    }

    function proposalCount() external view returns (uint256) {
        return _proposals.length;
    }

    function _approve(uint256 proposalId, Proposal storage p) private {
        if (p.executed) revert ProposalAlreadyExecuted(proposalId);
        for (uint256 i = 0; i < p.approvers.length; i++) {
            if (p.approvers[i] == msg.sender) revert AlreadyApproved(proposalId, msg.sender);
        }
        p.approvers.push(msg.sender);
        uint256 approvals = _currentApprovals(p);
        uint256 required = _members.length / 2 + 1;
        emit MembershipApproved(proposalId, msg.sender, approvals, required);
        if (approvals < required) return;
        p.executed = true;
        if (p.action == ProposalAction.Add) {
            if (_memberIndex[p.account] != 0) revert AlreadyMember(p.account);
            _addMember(p.account, proposalId);
        } else {
            _removeMember(p.account, proposalId);
        }
    }

    /// @dev Approvals of accounts that are no longer members do not count.
    function _currentApprovals(Proposal storage p) private view returns (uint256 count) {
        for (uint256 i = 0; i < p.approvers.length; i++) {
            if (_memberIndex[p.approvers[i]] != 0) count++;
        }
    }

    function _addMember(address account, uint256 proposalId) private {
        if (account == address(0)) revert InvalidAccount(account);
        if (_memberIndex[account] != 0) revert AlreadyMember(account);
        _members.push(account);
        _memberIndex[account] = _members.length;
        if (!_everIssuer[account]) {
            _everIssuer[account] = true;
            _issuers.push(account);
        }
        emit MemberAdded(account, proposalId);
    }

    function _removeMember(address account, uint256 proposalId) private {
        uint256 index = _memberIndex[account];
        if (index == 0) revert NotAMember(account);
        if (_members.length == 1) revert LastMember(account);
        address last = _members[_members.length - 1];
        _members[index - 1] = last;
        _memberIndex[last] = index;
        _members.pop();
        delete _memberIndex[account];
        emit MemberRemoved(account, proposalId);
    }
}
